import pytest


@pytest.mark.django_db
def test_health_is_200_when_everything_answers(client, settings):
    response = client.get("/health/")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["cache"]["status"] == "up"


@pytest.mark.django_db
def test_health_is_503_naming_a_dead_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["status"] == "down"


@pytest.mark.django_db
def test_health_is_503_naming_a_dead_cache(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert "cache" in response.json()["failing"]
