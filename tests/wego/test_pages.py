import pytest

pytestmark = pytest.mark.django_db


def test_landing_page_explains_the_portal(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "World e-Government Organization" in text
    assert 'href="/accounts/login/"' in text
    assert 'href="/api/docs/"' in text


def test_landing_page_in_korean(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response["Content-Language"] == "ko"
    assert "세계도시전자정부협의체" in response.content.decode()


def test_404_page_in_portal_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"skip-link" in response.content


def test_member_page_needs_login(client):
    response = client.get("/members/my/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_member_page_shows_the_officials_organisation(client, official, member):
    client.force_login(official)
    response = client.get("/members/my/")
    assert response.status_code == 200
    assert member.name in response.content.decode()
