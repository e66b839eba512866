"""A seeded synthetic news feed for scale benchmarks: fictional episodes, reported by many outlets.

Everything is invented (people, towns, rivers, agencies, outlets under ``.example``) except country
names. About one new episode a day; each is reported by several outlets in their own wording over
the next days, so articles arrive in date order and a bigger corpus covers more time, like a feed.
About a tenth of the articles are exact or syndicated copies, some are spun copies (word
substitutions) and some original reports contradict the others (another count or another title).
Records are the JSON lines ``crosswire analyze`` reads, plus ``fictional: true`` and a
``synthetic`` object with the ground truth (episode, scenario, kind, copy_of, contradicts,
event_date, count), which the reader ignores. The stream depends only on the seed:
``generate(1000)`` is the start of ``generate(10000)``.

    .venv/bin/python bench/synthetic.py 10000 --out /tmp/feed.jsonl [--shards 4] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import itertools
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

START = dt.date(1996, 1, 1)
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
SMALL = "two three four five six seven eight nine ten eleven twelve".split()

# Real countries (the only real names), in regions: the two sides of an episode are neighbours of a kind.
REGIONS = [
    [("Norway", "Norwegian"), ("Sweden", "Swedish"), ("Finland", "Finnish"), ("Austria", "Austrian"),
     ("Hungary", "Hungarian"), ("Romania", "Romanian"), ("Bulgaria", "Bulgarian"), ("Greece", "Greek")],
    [("Kazakhstan", "Kazakh"), ("Kyrgyzstan", "Kyrgyz"), ("Georgia", "Georgian"), ("Mongolia", "Mongolian"),
     ("Uzbekistan", "Uzbek"), ("Tajikistan", "Tajik"), ("Nepal", "Nepali"), ("Bhutan", "Bhutanese")],
    [("Laos", "Laotian"), ("Cambodia", "Cambodian"), ("Malaysia", "Malaysian"), ("Indonesia", "Indonesian")],
    [("Chile", "Chilean"), ("Peru", "Peruvian"), ("Bolivia", "Bolivian"), ("Paraguay", "Paraguayan"),
     ("Uruguay", "Uruguayan"), ("Ecuador", "Ecuadorian")],
    [("Ghana", "Ghanaian"), ("Togo", "Togolese"), ("Benin", "Beninese"), ("Senegal", "Senegalese"),
     ("Mali", "Malian"), ("Niger", "Nigerien")],
    [("Kenya", "Kenyan"), ("Tanzania", "Tanzanian"), ("Uganda", "Ugandan"), ("Zambia", "Zambian"),
     ("Malawi", "Malawian"), ("Namibia", "Namibian"), ("Botswana", "Botswanan")],
]
COUNTRIES = [country for region in REGIONS for country in region]
FIRST_F = ("Aida Dana Helena Ingrid Maria Sofia Leila Amina Nadia Elena Clara Irena Yasmin Grace Esther Marta "
           "Ana Lucia Farida Kamila Astrid Greta Mira Zara Noor Selin Rosa Alma Vera Lina").split()
FIRST_M = ("Aidar Nurlan Almaz Per Jonas Tomas Marek Ivan Karim Omar Daniel Pablo Diego Kofi Samuel Joseph "
           "Rustam Timur Anders Lars Mikael Stefan Nikola Emil Hugo Felix Rafael Tariq Bashir Arman").split()
STEMS = ("kar vel dom tor bal mir hal ost ren sed lun gar brem cas dal fen jor kest lor mav nor pel quen rask "
         "sol tam ulm var wes zor ab ek ilm osk tev mar bor gal hav sten").split()
LINKS = ["", "a", "e", "i", "o", "u"]
SURNAME_ENDS = "ov sen berg ez ani elli ski mann ier dze yan oglu inen quist adze oren".split()
TOWN_ENDS = "ovka grad stad vik abad ford mere dorf sk polis ton bury".split()
RIVER_ENDS = "a en ir ava una".split()

OUTLET_HEADS = "Northern Morning Evening Frontier Atlas Crescent Harbour Summit Compass Lantern Meridian Granite".split()
OUTLET_TAILS = "Herald Ledger Courier Dispatch Observer Tribune Gazette Record Sentinel Chronicle Bulletin Wire".split()
AGGREGATORS = ["NewsStream 24", "FeedDeck", "WorldBrief Hub", "Headline Relay", "PressLoop", "DailyDigest Online"]
ISSUES = ["water sharing on the {river}", "grazing rights along the border", "transit fees for the {pipeline} pipeline",
          "fishing rights on Lake {lake}", "the management of the {river} dam", "a disputed stretch of the border near {town}"]
GOODS = ["coal", "grain", "electricity", "fuel", "cement", "fertiliser"]
DEALS = ["a flood early-warning line", "a daily exchange of river data", "a joint border patrol schedule",
         "the reopening of the {town} crossing", "a prisoner exchange", "a three-year grazing protocol"]
DETAINEES = ["hydrologists", "fishermen", "shepherds", "truck drivers", "surveyors", "engineers"]
OCCUPATIONS = ["farmer", "teacher", "shopkeeper", "nurse", "retired engineer", "bus driver", "student", "baker"]

# Templates: "[a|b|c]" is a choice made afresh for every article (or, in a statement, for each of
# its wordings), "{slot}" a fact of the episode. The choices keep articles about different episodes
# as far apart in wording as real news is, so near-duplicate search is not flooded with false
# candidates; articles about one episode share names, places, numbers and quotations.
SCENARIOS = {
    "mediation": {
        "heads": ["{C} offers to [mediate|broker talks] [in|over] {A}-{B} [dispute|row] over {issue}",
                  "{A} [declines|rejects|turns down] {C}'s offer of talks with {B}",
                  "{C} [proposes|suggests] [ministers' meeting|foreign ministers' talks] in {venue} [to ease|amid] {A}-{B} tensions"],
        "leads": ["{C} {when} offered to [mediate|act as a mediator] between {A} and {B} in their [dispute|quarrel|row] over {issue}, [proposing|suggesting] [a meeting of the two foreign ministers|talks between the two foreign ministers|a ministerial meeting] in {venue} {meet_when}.",
                  "{c_envoy} said {when} that {C} [was ready|stood ready|was prepared] to host [talks|negotiations|a meeting] between {A} and {B} in {venue}, as [a row|a dispute|tension] over {issue} [threatened to turn into open confrontation|showed no sign of easing|deepened].",
                  "{A} has [turned down|declined|rejected] an offer from {C} to host talks with {B}, {a_deputy} said {when}, [deepening|prolonging] a [dispute|standoff] over {issue} that has [simmered|dragged on] for [months|more than a year]."],
        "facts": ["The [proposed|planned] meeting in {venue} {meet_when} would be the first [direct contact|face-to-face meeting] between the two [foreign ministers|ministers] since {bg_date}.",
                  "{B}'s foreign ministry said it [welcomed|would consider] the [offer|proposal] and [was ready to|could] send a delegation to {venue}.",
                  "[Diplomats said|According to diplomats,] {C} had also offered {aid} [in assistance|of aid] to [communities|districts|families] affected by the dispute.",
                  "{A} wants {B} to [publish|share|hand over] its [measurements|records|data] before any meeting, [according to|its foreign ministry said in] a statement[ from its foreign ministry|]."],
    },
    "border": {
        "heads": ["{B} demands release of {count_short} [{detainees}|citizens] held by {A}",
                  "{A_adj} border guards [detain|arrest|hold] {count_short} {B_adj} {detainees} near {town}",
                  "[Row|Dispute|Tension] [grows|deepens] after {A} detains {B_adj} {detainees}"],
        "leads": ["Border guards in {A} {when} [detained|arrested] {count} near [the town of |]{town}, saying they had [crossed the frontier|entered the country] without [permission|authorisation|the required papers].",
                  "{B} {when} [demanded|called for] the [immediate|swift|unconditional] release of {count} [detained|held|arrested] by {A_adj} border guards near {town}.",
                  "{a_lead} said {when} that {count} [detained|arrested|held] near {town} would be [questioned|interviewed|investigated] before any decision on their [release|fate]."],
        "facts": ["The {detainees} were taken to a police station in {town}, [about|some|roughly] {km} kilometres from the border, [local officials said|according to local officials].",
                  "{B} [summoned|called in] {A}'s ambassador and [sent|deployed] [additional|extra] border police to the [area|region|frontier], its interior ministry said.",
                  "[Relatives|Family members|Colleagues] of the detained {detainees} [gathered|waited|protested] outside the {B_adj} foreign ministry[, asking for news|, demanding information|].",
                  "{A_adj} [officials|authorities] said the [group|men] had been carrying [equipment|instruments|documents] that [required a permit|had not been declared]."],
    },
    "flood": {
        "heads": ["Flood in {A}'s {region} [displaces|forces out] {count_short}", "{A} [blames|accuses] {B} [for|over] flood after reservoir release",
                  "{C} pledges [aid|help] as [flood|floodwaters] [hit|hits|swamp] {town}"],
        "leads": ["A [sudden|large|unannounced] release of water from a reservoir in {B} [flooded|submerged|inundated] [villages|farms and villages|settlements] around {town} in {A}'s {region} {when}, [forcing|driving] {count} from their homes.",
                  "{A} {when} accused {B} of causing a flood that [displaced|uprooted|drove out] {count} in the {region}, saying it had [not been warned|received no warning|had no notice] of a reservoir release.",
                  "Floodwaters from {river} [swept through|poured into|inundated] {town} {when}, and [officials|rescuers|local authorities] said {count} had been [displaced|evacuated|forced from their homes]."],
        "facts": ["{river} rose by more than {metres} metres in [a few|several|just four] hours, [local officials said|the regional emergency service said], and [several|two|three] bridges were closed.",
                  "{C} [pledged|promised|offered] {aid} for [families|people|households] who [lost their homes|were displaced], and the first [aid convoys|relief lorries] were expected [within days|by the weekend].",
                  "{B}'s energy ministry said the release had been [necessary|unavoidable] to protect the dam and that [notice|warning] had been given[ in advance|].",
                  "Rescue [teams|workers|crews] used [boats|tractors|helicopters] to reach [villages|hamlets|farms] cut off by the water, the [regional|provincial] emergency service said."],
    },
    "protest": {
        "heads": ["[Thousands|Crowds] [protest|march|rally] in {town} over {issue}", "Police [detain|arrest] {count_short} protesters in {A}'s {region}",
                  "{A} [protest grows|protests spread] as police make arrests"],
        "leads": ["[Thousands of people|Large crowds|Several thousand demonstrators] [marched through|rallied in|gathered in] {town} {when} to protest against the government's handling of {issue}, and police said they had [detained|arrested] {count}.",
                  "Police in {A} {when} [detained|arrested|rounded up] {count} after a [protest|demonstration|rally] over {issue} in {town} [turned into clashes|ended in clashes|descended into scuffles] with [security forces|riot police].",
                  "{a_lead} said {when} that {count} had been [detained|arrested] in {town}, where [protesters|demonstrators] had blocked [the main road|the central square|a motorway] for [several|three|many] hours."],
        "facts": ["Organisers put the number of [marchers|protesters|participants] at more than {crowd}; police gave a [lower|much lower] figure.",
                  "The [protesters|demonstrators|marchers] carried banners [calling for|demanding] the resignation of the [regional governor|local council|interior minister], [witnesses said|according to witnesses].",
                  "[Shops|Businesses|Markets] in the centre of {town} [stayed closed|remained shut] and [public transport|bus services] [was|were] suspended for the [afternoon|day].",
                  "{B} [urged|advised] its citizens in the {region} to avoid [large gatherings|the protests|the city centre], its embassy said."],
    },
    "talks": {
        "heads": ["{A} and {B} [agree on|sign deal on|settle on] {deal} [after talks in {venue}|]", "[Ministers|Foreign ministers] from {A} and {B} meet in {venue}",
                  "{A}-{B} talks [end|close|conclude] with [deal|agreement] on {deal}"],
        "leads": ["The foreign ministers of {A} and {B} [met|held talks] in {venue} {when} and agreed to set up {deal}, the first [concrete|practical|tangible] step after [months|a year|two years] of tension over {issue}.",
                  "{A} and {B} agreed {when} on {deal} at [talks|a meeting|negotiations] in {venue} [chaired|hosted|brokered] by {c_envoy}.",
                  "Talks between {A} and {B} in {venue} [ended|concluded|closed] {when} with [an agreement|a deal] on {deal}, officials from both sides said."],
        "facts": ["The two [ministers|delegations] will meet again {meet_when} to [review progress|assess the results|take stock], according to a joint statement.",
                  "{C} said it would [pay for|fund|finance] the first year of the arrangement, [estimated at|put at|worth] {aid}.",
                  "The [agreement|deal] still has to be [approved|ratified] by the parliaments of both countries, [diplomats said|officials cautioned].",
                  "[Officials said|According to officials,] {count} would be [involved|employed|working] in setting up the [arrangement|scheme] over the coming months."],
    },
    "sanctions": {
        "heads": ["{A} [threatens|warns it may] [to halt|halt|stop] {goods} exports to {B}", "{A} [announces|imposes|unveils] sanctions on {B_adj} firms",
                  "{B} [condemns|denounces] {A_adj} threat over {goods}"],
        "leads": ["{A} {when} threatened to [halt|stop|suspend] {goods} [exports|deliveries|shipments] to {B} unless it [reversed|changed|dropped] its position on {issue}, [escalating|widening] a dispute that has [unsettled|worried] the region.",
                  "{a_lead} said {when} that {A} would [impose|introduce] sanctions on {B_adj} [companies|firms|businesses] involved in the dispute over {issue}.",
                  "{B} {when} [condemned|denounced|criticised] a threat by {A} to [stop|cut off|halt] {goods} [deliveries|supplies], calling it [an attempt at economic pressure|blackmail|economic coercion]."],
        "facts": ["{A} supplied [about|roughly|nearly] {share} of {B}'s {goods} last year, according to [official trade figures|customs data|government statistics].",
                  "[Traders|Importers|Merchants] said prices in {B} had [risen sharply|jumped|climbed] [after the announcement|within hours|since the threat].",
                  "The measures would affect {count}, according to [an industry association|a trade union|a business group] in {B}.",
                  "{B}'s prime minister [called|convened] an [emergency|urgent|extraordinary] meeting of the cabinet, [his office said|the government said]."],
    },
}
# (speaker role, a statement with two wordings made per episode, its indirect rendering, scenarios):
# several outlets quote one statement in different wordings, as the seed articles do.
STATEMENTS = [
    ("a_deputy", "[We value|We appreciate|We respect] the efforts of [our friends in {C}|{C}|the {C_adj} government], but [a meeting now|a meeting at this stage|talks right now] would [only produce|produce nothing but|lead to] [another empty statement|one more empty declaration|yet another declaration without substance].",
     "{A} [valued|appreciated] {C}'s efforts but saw no point in a meeting [at this stage|now]", {"mediation", "talks"}),
    ("a_deputy", "We are [following|watching|monitoring] the situation [closely|very closely|hour by hour] and will [take every step needed|do whatever is necessary|use every means available] to protect [our citizens|our people|the interests of {A}].",
     "{A} was [following|watching] the situation closely", set()),
    ("c_envoy", "[The door remains open|Our door stays open|Our offer stands]. We are [ready|willing|prepared] to host both sides [whenever they are ready|as soon as they are prepared to come|at any time], [in {venue} or anywhere else|without conditions|and we will be patient].",
     "{C} would keep its offer [open|on the table]", {"mediation", "talks", "border"}),
    ("b_lead", "We have [nothing to hide|no reason to hide anything] and [we are ready|we are willing] to [discuss every question|talk about every issue|answer every question], but [not under threats|not under pressure|not with a gun to our heads].",
     "{B} was ready to discuss every question but would not [negotiate|talk] under [threats|pressure]", set()),
    ("a_lead", "[Our patience has limits|There is a limit to our patience|We have been patient for too long]. We expect [clear answers|concrete answers|real commitments], not [more promises|more words|another round of excuses].",
     "{A}'s patience had limits and it expected [clear|concrete] answers", {"mediation", "border", "flood", "sanctions"}),
    ("a_spox", "The situation is [under control|stable|being handled] and the government is in [contact|close contact|constant contact] with [all sides|everyone involved|the regional authorities].",
     "the situation was under control", set()),
    ("local", "[People here|Families in {town}|Our people] have lost [everything|their homes and their harvest|all they had]. We need [help|support|assistance] [now, not next month|today, not in a few weeks|before winter comes].",
     "residents had lost everything and needed [help|support] [immediately|urgently]", {"flood", "protest"}),
]
# Background and reactions; " || " separates differently built versions of one paragraph. Each
# episode draws a few of these, so its reports share background as real reports of one event do.
GENERIC = [
    "Relations between {A} and {B} have been [strained|tense|difficult] since {bg_date}, when the two governments [signed|agreed] a [protocol|framework|memorandum] on {issue} that each now accuses the other of [breaching|ignoring|violating]. || Ties [soured|deteriorated|worsened] after {bg_date}: a [protocol|memorandum] on {issue} signed that day [was meant to|should have] [settle|end] the matter, but {A} and {B} [have traded accusations over it ever since|read it in opposite ways].",
    "{analyst_intro} said the [episode|crisis|dispute] showed how [fragile|weak|brittle] [arrangements|agreements] on {issue} [remained|still were]. \"[Both sides need a face-saving way out|Neither government can afford to look weak], and [right now neither has one|there is little room for compromise|the calendar is against them],\" {analyst_he} said. || \"[This was always going to happen|Nobody should be surprised|We warned about exactly this]{comma}\" [said|argued] {analyst_intro_short}, [pointing to|citing] [years of neglect|the lack of any monitoring|broken promises] on {issue}.",
    "The {ngo}, which [monitors|follows|observes] the [region|area], [urged|called on] both sides to [show restraint|avoid escalation|return to dialogue] and said it was ready to send [observers|monitors|a mission] if invited. || [Calls for calm|Appeals for restraint] came from the {ngo}, whose [director|head|chair] {ngo_head} [offered|proposed] to [send|dispatch] [observers|a monitoring team] to {town}.",
    "A joint [commission|working group|committee] set up in {bg_year} to [handle|resolve|manage] such disputes has not met for [more than a year|eighteen months|two years], [officials in both countries acknowledged|according to officials|diplomats said]. || [Since {bg_year}|For years], disputes of this kind [were supposed to go|should have gone] to a [joint commission|bilateral committee], [but its last session|yet its most recent meeting] [was|took place] [well over a year ago|in {bg_year}].",
    "Trade between {A} and {B} was worth [about|some|roughly] {trade} last year, and [officials on both sides|business leaders|economists] have warned that a [long|prolonged|drawn-out] dispute would [hurt exporters|damage both economies|drive away investors]. || [Businesses|Exporters|Hauliers] [fear|worry about] the [cost|damage]: [official figures|customs data] [put|value] {A_adj}-{B_adj} trade at {trade} [a year|annually].",
    "{a_spox_intro}, told reporters [at a weekly briefing|in the {A_adj} capital|on a conference call] that the government would \"[respond calmly but firmly|act with restraint but resolve|not be provoked]\" to any further steps by {B}. || [Asked about|Pressed on] [the next steps|possible retaliation], {a_spox_name} [declined to|would not] [speculate|go into detail], [saying only|adding only] that {A} [kept all options open|would defend its interests].",
    "[Neither the {B_adj} foreign ministry nor its embassy in {C}|The {B_adj} government] [responded to|answered] [requests for comment|questions from reporters|written questions] {later}. || [Calls to|Messages left with] {B}'s [embassy|foreign ministry] [went unanswered|were not returned] {later}.",
    "The two countries have held {rounds} rounds of [talks|negotiations] on {issue} since {bg_year}, [most of them ending|nearly all ending|all but one ending] without a [written agreement|signed text|joint statement]. || {rounds_cap} [rounds|sessions] of [negotiation|talks] [since {bg_year}|over the years] have [produced little|yielded no lasting deal|ended in deadlock] on {issue}.",
    "{C}'s foreign ministry said {c_envoy_name} would [travel to|visit|tour] the region {next_when} to [meet|consult|talk with] officials from both sides. || {c_envoy_name} [is due|is expected|plans] to [arrive in|fly to] {A} {next_when}, [according to|said] {C}'s foreign ministry[, and may also visit {B}|].",
    "[Opposition politicians|Opposition parties|Critics] in {A} [criticised|attacked|condemned] the government's [response|handling of the crisis], saying it had [acted too late|moved too slowly|been caught unprepared] and had not [consulted|informed|warned] local authorities. || [At home|In {A}], {opposition} [accused|blamed] the government of [complacency|weakness|incompetence] and [demanded|called for] [a parliamentary inquiry|an emergency debate|the minister's resignation].",
    "The {institute} said in a [report|study|briefing paper] [last month|earlier this year|in {bg_year}] that disputes over {issue} were [likely|expected|bound] to become [more frequent|more common|harder to settle]. || [Researchers|Experts] at the {institute} [have long warned|warned in {bg_year}] that [falling|shrinking|uncertain] [resources|budgets|supplies] would [sharpen|fuel|worsen] [quarrels|disputes] like this one.",
    "{b_lead} is expected to [address|brief] [parliament|lawmakers|the cabinet] {next_when}, the ministry said, [without giving details|declining to say more|but gave no further details]. || [Lawmakers|Members of parliament] in {B} [will question|plan to summon|want to hear from] {b_lead_name} {next_when}.",
    "[Analysts|Observers|Diplomats in the region] said the timing was [significant|no accident|sensitive] because [both governments face elections|both leaders face a vote|parliamentary elections are due in both countries] [within the next two years|next year|before long]. || [With elections|With a vote] [approaching|due] in {A} [next year|in {vote_year}], [few|not many] [analysts|observers] expect [concessions|a climbdown|compromise] [soon|any time soon].",
]
LOCAL_COLOUR = [  # only where people on the ground are part of the story
    "{witness_intro}, said the [past days|last few days|past week] had been the [hardest|worst|most frightening] she could remember. \"[Nobody told us anything|No one warned us|We were left alone]. We [learned|heard|found out] what was happening from [our neighbours|social media|relatives abroad],\" she said. || \"[We have nowhere to go|Everything is gone|I don't know what comes next]{comma}\" said {witness_intro}.",
    "[Local television|Footage on social media|Residents' photographs] showed [long queues|crowds] outside [the only open pharmacy|a bakery|the one working petrol station] in {town}, and [residents said|people said] prices for [basic goods|bread and fuel|food] had [doubled|risen sharply|tripled]. || In {town}, [queues formed|people waited for hours] [outside|at] [shops|pharmacies|petrol stations], [and|while] [prices|the price of bread] [climbed|rose] [steeply|by the day].",
]
CLOSINGS = ["The situation [remained|was still] [tense|calm but uncertain|volatile] {later}, according to [residents|people|witnesses] reached by telephone.",
            "[Further talks|More contacts|Another round of consultations] [are expected|could take place] {next_when}, [diplomats said|officials said].",
            "Officials said more [information|details] would be [released|made public] {next_when}."]
BOILERPLATE_TOP = ["Advertisement", "Listen to this article", "Share this story", "Home > World > Asia"]
BOILERPLATE_END = ["This article was first published by {orig}. Republished with permission.",
                   "Follow {outlet} for the latest news and analysis.", "Subscribe to our free daily newsletter.",
                   "© {year} {outlet}. All rights reserved.", "Read more: {other}", "Tags: politics, region, diplomacy"]
# Spinner substitutions: a rewriting service swaps words, sometimes corrupting facts (a title).
SPIN = {"said": "stated", "meeting": "gathering", "talks": "discussions", "people": "individuals",
        "displaced": "uprooted", "villages": "hamlets", "refused": "declined", "government": "administration",
        "dispute": "quarrel", "officials": "authorities", "protest": "demonstration", "offered": "proposed",
        "Deputy": "Assistant", "border": "frontier", "homes": "houses", "agreed": "consented",
        "demanded": "requested", "threatened": "warned", "accused": "blamed", "help": "assistance"}
SPIN_RE = re.compile(r"\b(" + "|".join(SPIN) + r")\b")
ALT_TITLES = {"Deputy Foreign Minister": ["Assistant Foreign Minister", "First Deputy Foreign Minister"],
              "special envoy": ["special representative", "deputy envoy"]}


def _surname(rng: random.Random, female: bool) -> str:
    ending = rng.choice(SURNAME_ENDS)
    if female and ending == "ov":
        ending = "ova"
    return (rng.choice(STEMS) + rng.choice(LINKS) + ending).capitalize()


def _place(rng: random.Random, ends: list[str]) -> str:
    return (rng.choice(STEMS) + rng.choice(LINKS) + rng.choice(ends)).capitalize()


def _person(rng: random.Random, title: str, adj: str, female: bool | None = None) -> dict:
    """A fictional person: first and last name, gender, title and nationality adjective."""
    female = rng.random() < 0.4 if female is None else female
    first = rng.choice(FIRST_F if female else FIRST_M)
    return {"first": first, "last": _surname(rng, female), "female": female, "title": title, "adj": adj}


def _name(person: dict) -> str:
    return f"{person['first']} {person['last']}"


class World:
    """The persistent part of the feed: outlets and each country's office holders, who recur across episodes."""

    ROLES = ["Foreign Minister", "Deputy Foreign Minister", "Interior Minister", "Defence Minister"]

    def __init__(self, rng: random.Random):
        self.rng = rng
        names = sorted({f"{h} {t}" for h in OUTLET_HEADS for t in OUTLET_TAILS})
        self.outlets = rng.sample(names, 60)
        self.cabinets = {name: {role: _person(rng, role, adj) for role in self.ROLES} for name, adj in COUNTRIES}

    def official(self, country: tuple[str, str], role: str) -> dict:
        """The holder of ``role`` in ``country``; now and then a reshuffle brings a new one."""
        cabinet = self.cabinets[country[0]]
        if self.rng.random() < 0.01:
            cabinet[role] = _person(self.rng, role, country[1])
        return cabinet[role]


def _when(event: dt.date, published: dt.date, rng: random.Random) -> str:
    """How a report published on ``published`` refers to the day of the event."""
    weekday = WEEKDAYS[event.weekday()]
    lag = (published - event).days
    if lag == 1 and rng.random() < 0.3:
        return "yesterday"
    if rng.random() < 0.25:
        return f"on {weekday}, {event.day} {MONTHS[event.month - 1]}"
    return f"on {weekday}"


def _future(day: dt.date, published: dt.date, rng: random.Random, us_style: bool) -> str:
    """A future day as a report would write it ("next Thursday", "on 20 March")."""
    if (day - published).days < 7 and rng.random() < 0.5:
        return f"next {WEEKDAYS[day.weekday()]}"
    absolute = f"{MONTHS[day.month - 1]} {day.day}" if us_style else f"{day.day} {MONTHS[day.month - 1]}"
    return f"on {WEEKDAYS[day.weekday()]}, {absolute}" if rng.random() < 0.5 else f"on {absolute}"


def _absolute(day: dt.date, us_style: bool) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}" if us_style else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _count_phrase(value: int, noun: str, rng: random.Random) -> str:
    """A count as news writes it: "more than 2,000 people", "four fishermen"."""
    if value <= len(SMALL) + 1:
        return f"{SMALL[value - 2]} {noun}" if value >= 2 else f"one {noun.rstrip('s')}"
    qualifier = rng.choice(["more than ", "about ", "some ", "nearly ", "at least ", ""])
    return f"{qualifier}{value:,} {noun}"


class Episode:
    """One real-world episode: its actors, place, date and facts, and the reports it gets."""

    def __init__(self, world: World, rng: random.Random, number: int, day: dt.date):
        self.rng, self.number, self.day = rng, number, day
        self.kind = rng.choice(list(SCENARIOS))
        region = rng.choice(REGIONS)  # the third party may come from anywhere
        a, b = rng.sample(region, 2)
        c = rng.choice([x for x in COUNTRIES if x not in (a, b)])
        self.countries = (a, b, c)
        role_a = {"protest": "Interior Minister", "border": "Interior Minister"}.get(self.kind, "Foreign Minister")
        self.people = {
            "a_lead": world.official(a, role_a), "b_lead": world.official(b, "Foreign Minister"),
            "a_deputy": world.official(a, "Deputy Foreign Minister"),
            "c_envoy": _person(rng, "special envoy", c[1]),
            "a_spox": _person(rng, "spokesperson", a[1]),
            "local": _person(rng, "regional governor", a[1]),
            "witness": _person(rng, "", a[1], female=True),  # the witness paragraph says "she"
            "analyst": _person(rng, "", ""),
        }
        town, river = _place(rng, TOWN_ENDS), _place(rng, RIVER_ENDS) + " River"
        self.slots = {
            "A": a[0], "A_adj": a[1], "B": b[0], "B_adj": b[1], "C": c[0], "C_adj": c[1],
            "town": town, "river": f"the {river}", "venue": _place(rng, TOWN_ENDS),
            "region": _place(rng, RIVER_ENDS) + " Region", "goods": rng.choice(GOODS),
            "detainees": rng.choice(DETAINEES),
            "ngo": _place(rng, TOWN_ENDS) + rng.choice([" Peace Monitor", " Crisis Watch", " Dialogue Centre", " Rights Forum"]),
            "institute": _place(rng, RIVER_ENDS) + " Institute for " + rng.choice(
                ["Regional Studies", "Strategic Analysis", "Water Policy", "Peace Research"]),
            "aid": f"{rng.randint(2, 40)} million euros", "trade": f"${rng.randint(120, 3000):,} million",
            "rounds": rng.choice(SMALL[1:8]), "bg_year": str(day.year - rng.randint(2, 12)),
            "ngo_head": _name(_person(rng, "", "")),
            "km": str(rng.randint(5, 90)), "metres": rng.choice(SMALL[:4]), "crowd": f"{rng.randint(3, 60) * 1000:,}",
            "share": rng.choice(["a third", "half", "a quarter", "two-thirds", "a fifth"]), "comma": ",",
            "vote_year": str(day.year + 1), "opposition": rng.choice(["the opposition", "the main opposition party",
                                                                      "nationalist deputies", "regional leaders"]),
        }
        self.slots["rounds_cap"] = self.slots["rounds"].capitalize()
        fill = dict(self.slots, pipeline=_place(rng, TOWN_ENDS), lake=_place(rng, RIVER_ENDS), river=river)
        self.slots["issue"] = rng.choice(ISSUES).format_map(fill)
        self.slots["deal"] = rng.choice(DEALS).format_map(fill)
        self.bg_date = day - dt.timedelta(days=rng.randint(200, 2000))
        self.meet_day = day + dt.timedelta(days=rng.randint(4, 20))
        low, high, noun = {"border": (2, 12, "{B_adj} {detainees}"), "protest": (20, 400, "people"),
                           "flood": (300, 20000, "people"), "talks": (20, 200, "experts"),
                           "sanctions": (200, 9000, "workers")}.get(self.kind, (100, 3000, "people"))
        self.count = rng.randint(low, high) if high < 50 else rng.randint(low // 10, high // 10) * 10
        self.count_noun = noun.format_map(self.slots)
        self.alt_count = self.count + max(1, self.count // rng.choice([2, 3, 4]))
        # Reports: the first is an original; later ones may copy an earlier one or contradict it.
        lags = sorted(rng.choices([0, 1, 2], weights=[50, 35, 15], k=rng.randint(4, 14)))
        self.plan = []
        stated = any("{count}" in t for t in SCENARIOS[self.kind]["leads"] + SCENARIOS[self.kind]["facts"])
        facts = ["count", "title"] if stated else ["title"]  # a contradiction the text can show
        for index, lag in enumerate(lags):
            roll = rng.random()
            kind = ("report" if index == 0 else "copy" if roll < 0.06 else "syndicated" if roll < 0.12
                    else "spun" if roll < 0.18 else "report")
            contradicts = [rng.choice(facts)] if kind == "report" and index and rng.random() < 0.12 else []
            self.plan.append((day + dt.timedelta(days=lag), kind, contradicts))
        # Each statement the episode's speakers make, in two wordings that outlets choose between.
        fitting = [s for s in STATEMENTS if not s[3] or self.kind in s[3]]
        deputy = [s for s in fitting if s[0] == "a_deputy"][:1]  # a title contradiction needs the deputy quoted
        chosen = deputy + rng.sample([s for s in fitting if s not in deputy], 2)
        self.statements = [(role, [_fill(text, rng, self.slots) for _ in range(2)], indirect)
                           for role, text, indirect, _ in chosen]
        extra = GENERIC + (LOCAL_COLOUR if self.kind in ("flood", "protest", "border", "sanctions") else [])
        self.background = rng.sample(extra, 10)  # each report draws a few of these
        self.done: list[dict] = []  # records already emitted, for copies to copy from

    @property
    def finished(self) -> bool:
        return len(self.done) == len(self.plan)

    def records_on(self, day: dt.date, world: World, next_id) -> Iterator[dict]:
        """This episode's records published on ``day``, originals before the copies made of them."""
        for published, kind, contradicts in self.plan[len(self.done):]:
            if published != day:
                break
            if kind == "report":
                outlet = self.rng.choice(world.outlets)
                dateline = self.rng.random() < 0.15
                title, text = self._report(published, contradicts, dateline)
                record = _record(next_id(), outlet, title, text, published, self, kind, None, contradicts)
                record["synthetic"]["count"] = self.alt_count if "count" in contradicts else self.count
                if dateline and self.rng.random() < 0.5:
                    del record["published"]  # dated only by its dateline, as scraped wire copy often is
            else:
                source = self.rng.choice(self.done)
                record = self._copy(source, kind, published, world, next_id())
                record["synthetic"]["count"] = source["synthetic"]["count"]
            self.done.append(record)
            yield record

    def _person_slots(self, contradicts: list[str]) -> dict[str, str]:
        slots = {}
        for role, person in self.people.items():
            title = person["title"]
            if not title:
                continue
            if "title" in contradicts and title in ALT_TITLES and role in ("a_deputy", "c_envoy"):
                title = ALT_TITLES[title][self.number % len(ALT_TITLES[title])]
            name = f"{person['first']} {person['last']}"
            slots[role] = f"{person['adj']} {title} {name}"
            slots[role + "_name"], slots[role + "_last"] = name, person["last"]
        spox = self.people["a_spox"]
        slots["a_spox_intro"] = (f"{spox['first']} {spox['last']}, a spokes{'woman' if spox['female'] else 'man'} "
                                 f"for the {spox['adj']} foreign ministry")
        witness, analyst = self.people["witness"], self.people["analyst"]
        slots["witness_intro"] = (f"{witness['first']} {witness['last']}, a {30 + self.number % 40}-year-old "
                                  f"{OCCUPATIONS[self.number % len(OCCUPATIONS)]} from {self.slots['town']}")
        slots["analyst_intro_short"] = f"{analyst['first']} {analyst['last']}, a researcher at the {self.slots['institute']}"
        slots["analyst_intro"] = slots["analyst_intro_short"] + ","
        slots["analyst_he"] = "she" if analyst["female"] else "he"
        return slots

    def _report(self, published: dt.date, contradicts: list[str], dateline: bool) -> tuple[str, str]:
        """An original report: headline and paragraphs in this outlet's own choice and order."""
        rng, scenario = self.rng, SCENARIOS[self.kind]
        us_style = rng.random() < 0.4
        count = self.alt_count if "count" in contradicts else self.count
        slots = dict(self.slots, **self._person_slots(contradicts))
        slots.update(
            when=_when(self.day, published, rng), meet_when=_future(self.meet_day, published, rng, us_style),
            next_when=_future(published + dt.timedelta(days=rng.randint(2, 10)), published, rng, us_style),
            later=rng.choice(["on Friday", "by late evening", "by the time of publication"]),
            bg_date=_absolute(self.bg_date, us_style), count=_count_phrase(count, self.count_noun, rng),
            count_short=f"{count:,}" if count > 12 else SMALL[max(count, 2) - 2], year=str(published.year),
        )
        leads, facts = scenario["leads"], rng.sample(scenario["facts"], rng.randint(2, 4))
        if "count" in contradicts:  # make the contradicted count visible: a lead or fact that states it
            leads = [p for p in leads if "{count}" in p] or leads
            facts += [p for p in scenario["facts"] if "{count}" in p and p not in facts]
        statements = rng.sample(self.statements, min(len(self.statements), rng.randint(2, 3)))
        if "title" in contradicts and not any(s[0] == "a_deputy" for s in statements):
            statements.append(next(s for s in self.statements if s[0] == "a_deputy"))
        quotes = [_quote_paragraph(rng, "{" + role + "}", "{" + role + "_last}", rng.choice(wordings), indirect,
                                   named="title" in contradicts and role == "a_deputy")
                  for role, wordings, indirect in statements]
        lead = _fill(rng.choice(leads), rng, slots)
        # Facts tend to come first, then the quotes, then background and reactions (rank + noise).
        ranked = [(rank + 1.5 * rng.random(), _fill(p, rng, slots)) for rank, group in enumerate((facts, quotes))
                  for p in group]
        words = sum(p.count(" ") + 1 for _, p in ranked) + lead.count(" ") + 12
        target = rng.randint(250, 600)
        for template in rng.sample(self.background, len(self.background)):  # background up to the length
            paragraph = _fill(rng.choice(template.split(" || ")), rng, slots)
            if words + paragraph.count(" ") > target:
                break
            ranked.append((2 + 1.5 * rng.random(), paragraph))
            words += paragraph.count(" ") + 1
        core = [p for _, p in sorted(ranked, key=lambda pair: pair[0])]
        text = "\n\n".join([lead] + core + [_fill(rng.choice(CLOSINGS), rng, slots)])
        if rng.random() < 0.4:  # this outlet sets typographic quotes
            text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
        if dateline:  # wire style: the text opens with a dateline
            text = f"{self.slots['town'].upper()}, {published.day} {MONTHS[published.month - 1]} - " + text
        return _fill(rng.choice(scenario["heads"]), rng, slots), text

    def _copy(self, source: dict, kind: str, published: dt.date, world: World, number: int) -> dict:
        """An exact, syndicated (boilerplate added) or spun (words swapped) copy of an earlier record."""
        rng, text, title = self.rng, source["text"], source["title"]
        pool = world.outlets if kind == "syndicated" else AGGREGATORS
        outlet = rng.choice([o for o in pool if o != source["source"]])  # a copy appears under another name
        if kind == "syndicated":
            fill = {"orig": source["source"], "outlet": outlet, "year": published.year, "other": title}
            top = [rng.choice(BOILERPLATE_TOP)] if rng.random() < 0.5 else []
            end = [line.format_map(fill) for line in rng.sample(BOILERPLATE_END, rng.randint(2, 4))]
            text = "\n\n".join(top + [text] + end)
        elif kind == "spun":
            text = SPIN_RE.sub(lambda m: SPIN[m.group(1)] if rng.random() < 0.7 else m.group(1), text)
            title = SPIN_RE.sub(lambda m: SPIN[m.group(1)], title)
        return _record(number, outlet, title, text, published, self, kind, source["id"], [])


ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")


def _fill(template: str, rng: random.Random, slots: dict[str, str]) -> str:
    """A template with each "[a|b]" choice made at random and each "{slot}" filled."""
    return ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), template).format_map(slots)


def _quote_paragraph(rng: random.Random, full: str, last: str, wording: str, indirect: str, named: bool) -> str:
    """One statement as a direct or indirect quotation (still a template); ``named`` keeps the speaker's title."""
    style = rng.randrange(3 if named else 4)
    leading = wording[:-1] + ","  # a quotation before its cue ends in a comma
    if style == 0:
        return f"\"{leading}\" {full} said."
    if style == 1:
        return f"{full} told reporters: \"{wording}\""
    if style == 2:
        return f"{full} said {indirect}. \"{leading}\" {last} added."
    return f"According to {full}, {indirect}."


def _record(number: int, outlet: str, title: str, text: str, published: dt.date, episode: Episode, kind: str,
            copy_of: str | None, contradicts: list[str]) -> dict:
    """A JSON-lines record as ``crosswire analyze`` reads it, with the generator's ground truth."""
    domain = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-") + ".example"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    record = {"id": f"syn-{number:07d}", "url": f"https://{domain}/{published:%Y/%m/%d}/{slug}-{number}",
              "source": outlet, "title": title, "published": published.isoformat(), "text": text,
              "fictional": True,
              "synthetic": {"episode": episode.number, "scenario": episode.kind, "kind": kind, "copy_of": copy_of,
                            "contradicts": contradicts, "event_date": episode.day.isoformat()}}
    return record


def generate(n: int, seed: int = 7) -> Iterator[dict]:
    """Yield ``n`` records of the seeded feed, in publication order.

    >>> [r["id"] for r in generate(2)]
    ['syn-0000000', 'syn-0000001']
    """
    rng = random.Random(seed)
    world = World(rng)
    active: list[Episode] = []
    counter = itertools.count()
    day, episodes, emitted = START, 0, 0
    while emitted < n:
        for _ in range(rng.choice([0, 1, 1, 2])):  # about one new episode a day
            active.append(Episode(world, rng, episodes, day))
            episodes += 1
        # Interleave the day's episodes at random, keeping each one's originals before its copies.
        queues = [e for e in active if e.plan[len(e.done)][0] == day] if active else []
        streams = [e.records_on(day, world, lambda: next(counter)) for e in queues]
        while streams and emitted < n:
            stream = rng.choice(streams)
            record = next(stream, None)
            if record is None:
                streams.remove(stream)
                continue
            emitted += 1
            yield record
        active = [e for e in active if not e.finished]
        day += dt.timedelta(days=1)


def write_shards(n: int, out: Path, shards: int = 1, seed: int = 7) -> list[Path]:
    """Write the feed to ``out`` (one file) or to ``shards`` consecutive files beside it; returns the paths."""
    if shards <= 1:
        paths = [out]
    else:
        paths = [out.with_name(f"{out.stem}-{k:05d}{out.suffix}") for k in range(shards)]
    per_shard = -(-n // len(paths))
    records = generate(n, seed)
    for k, path in enumerate(paths):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as stream:
            for _, record in zip(range(per_shard), records):
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines file to write (FILE-00000.jsonl ... with --shards)")
    parser.add_argument("--shards", type=int, default=1, help="split into this many consecutive files")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.n < 1 or args.shards < 1:
        parser.error("N and --shards must be at least 1")
    for path in write_shards(args.n, args.out, args.shards, args.seed):
        print(path, file=sys.stderr)


if __name__ == "__main__":
    main()
