import time, collections
import pytest
from tests.test_visibility import *  # noqa
from tests.test_visibility import world, _no_cached_key_numbers  # noqa


def test_profile(world):
    client = client_for(world.people["administrator"])
    t = collections.defaultdict(float)
    n = collections.Counter()
    for lang in LANGUAGES:
        for name, kwargs, query in url_cases(world):
            path = url(name, lang, query, **kwargs)
            s = time.perf_counter()
            client.get(path)
            t[name] += time.perf_counter() - s
            n[name] += 1
    for k in sorted(t, key=t.get, reverse=True):
        print(f"{k:40} {n[k]:4} {t[k]:.2f}s {t[k] / n[k] * 1000:.0f}ms")
    print(sum(n.values()), sum(t.values()))
