"""
Django's Redis cache, with one Redis client per server instead of one per call.

Django's backend builds a new ``redis.Redis`` object around its connection
pool for every get and set. Building one costs more than the round trip to a
Redis on the same network (it sets up some 170 response handlers), and a
public page makes several cache calls. A client is safe to share: it takes a
connection from the pool for each command and gives it back, so keeping one
per pool changes nothing else.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
