"""Actor resolution: countries, demonyms, capitals, organisations, roles and a YAML dictionary.

>>> from crosswire.actors import ActorResolver
>>> ActorResolver.from_config().resolve("the State Department").country
'USA'
"""

from crosswire.actors.context import ArticleActors
from crosswire.actors.resolver import ActorResolver, Role

__all__ = ["ActorResolver", "ArticleActors", "Role"]
