"""The demo giving data `make run` loads."""

from __future__ import annotations


def test_the_demo_giving_data_loads_once_and_shows_on_the_pages(app, clean_db):
    from alleyweb.giving.demo import seed_demo_giving

    with app.app_context():
        assert seed_demo_giving() == 4 and seed_demo_giving() == 0
    client = app.test_client()
    projects = client.get("/ko/projects").get_data(as_text=True)
    assert "어르신 반찬 나눔" in projects and "골목 집수리 봉사" in projects
    honors = client.get("/ko/donate/honors").get_data(as_text=True)
    assert "최나눔" in honors and "정다운 가족" in honors
    assert client.get("/en/stats").status_code == 200
