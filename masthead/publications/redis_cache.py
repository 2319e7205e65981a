"""Django's Redis cache, keeping one client per connection pool.

Django builds a new redis-py client for every cache call; each one sets up its response
handlers, which costs more than the network round trip for the page cache's small reads.
Clients are thread-safe and share the pool, so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
