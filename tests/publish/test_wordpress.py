"""Publishing to a real WordPress (Debian's 6.1 on MariaDB, served by php -S): posts, photos,
tags and category, updates in place, scheduling, errors, and the outbox across restarts."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from storyhelp import seed_expected, seed_story

from desk.publish import FAILED, PUBLISHED, QUEUED, publish, records
from desk.publish.wordpress import marker


def post_of(store, slug, wp):
    """The story's post as the site's administrator sees it."""
    pub = records.publication(store, store.articles.get(slug).id, "site")
    return wp.get(f"posts/{pub.remote_id}"), pub


def term_names(wp, taxonomy: str, ids: list[int]) -> list[str]:
    """The names of tags or categories by id."""
    return sorted(html.unescape(wp.get(f"{taxonomy}/{i}")["name"]) for i in ids)


def posts_with_key(wp, key: str) -> list[dict]:
    """Every post (any status) carrying Desk's identifier."""
    found = wp.get("posts", search=key, status="publish,future,draft,pending,private,trash")
    return [p for p in found if marker(key) in p["content"]["raw"]]


def test_seed_story_becomes_a_pending_post_with_four_described_photos_tags_and_category(
    store, site, wp
):
    slug = seed_story(store, status="ready")
    outcome = publish(store, slug, "site")
    assert outcome.state == PUBLISHED, outcome.message
    assert outcome.remote_status == "pending"
    post, pub = post_of(store, slug, wp)
    expected = seed_expected()
    article = store.articles.get(slug)
    assert post["status"] == "pending"
    assert outcome.url == post["link"]
    assert post["title"]["raw"] == article.headline
    assert post["excerpt"]["raw"] == article.standfirst
    content = post["content"]["raw"]
    assert all(name in content for name in expected["authors"])
    assert '<p class="dateline">Beirut</p>' in content
    assert marker(pub.key) in content
    tags = sorted(t.name for t in store.tags.for_story(article.id))
    assert term_names(wp, "tags", post["tags"]) == tags
    assert term_names(wp, "categories", post["categories"]) == ["World"]
    media = sorted(wp.get("media", parent=post["id"]), key=lambda m: m["id"])
    figures = [f for f in store.figures.for_story(article.id)]
    assert len(media) == 4
    by_id = {m["id"]: m for m in media}
    for figure in figures:
        item = by_id[pub.media[str(figure.id)]["id"]]
        assert item["caption"]["raw"] == figure.caption
        assert item["alt_text"] == figure.alt
        assert item["media_details"]["image_meta"]["credit"] == figure.credit  # read from the file
        assert item["description"]["raw"].startswith(f"Credit: {figure.credit}")
        assert f'src="{item["source_url"]}"' in content
    assert post["featured_media"] == pub.media[str(figures[0].id)]["id"]
    assert store.articles.get(slug).modified == article.modified  # the story is unchanged


def test_publishing_again_updates_the_same_post_and_the_same_photos(store, site, wp):
    slug = seed_story(store, status="ready")
    publish(store, slug, "site")
    first, pub = post_of(store, slug, wp)
    article = store.articles.get(slug)
    figure = store.figures.for_story(article.id)[1]
    store.figures.update(figure.id, caption="Smoke rises over Khan Sheikhun")
    store.articles.update(article.id, standfirst="Rebels pulled back from Khan Sheikhun.")
    again = publish(store, slug, "site")
    assert again.state == PUBLISHED, again.message
    second, pub2 = post_of(store, slug, wp)
    assert second["id"] == first["id"]
    assert second["excerpt"]["raw"] == "Rebels pulled back from Khan Sheikhun."
    assert pub2.media == pub.media
    assert len(wp.get("media", parent=first["id"])) == 4
    assert wp.get(f"media/{pub.media[str(figure.id)]['id']}")["caption"]["raw"] == (
        "Smoke rises over Khan Sheikhun"
    )
    assert [p["id"] for p in posts_with_key(wp, pub.key)] == [first["id"]]


def test_a_crash_before_the_post_id_was_recorded_does_not_make_a_second_post(store, site, wp):
    slug = seed_story(store, status="ready")
    publish(store, slug, "site")
    first, pub = post_of(store, slug, wp)
    with store.transaction() as db:  # as if Desk died between "post created" and "id recorded"
        db.run("UPDATE publications SET remote_id = '', media = '{}' WHERE id = ?", [pub.id])
    again = publish(store, slug, "site")
    assert again.state == PUBLISHED, again.message
    second, pub2 = post_of(store, slug, wp)
    assert second["id"] == first["id"]
    assert {k: v["id"] for k, v in pub2.media.items()} == {k: v["id"] for k, v in pub.media.items()}
    assert [p["id"] for p in posts_with_key(wp, pub.key)] == [first["id"]]
    assert len(wp.get("media", parent=first["id"])) == 4


def test_an_embargoed_story_becomes_a_post_scheduled_at_the_embargo(store, site, wp):
    slug = seed_story(store, status="published")
    embargo = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    store.articles.update(slug, embargo=embargo.isoformat().replace("+00:00", "Z"))
    outcome = publish(store, slug, "site")
    assert outcome.state == PUBLISHED, outcome.message
    assert outcome.remote_status == "future"
    post, _ = post_of(store, slug, wp)
    assert post["status"] == "future"
    assert post["date_gmt"] == embargo.replace(tzinfo=None).isoformat()


def test_a_wrong_password_is_refused_in_one_sentence_and_nothing_is_sent(
    store, site, wp, monkeypatch
):
    monkeypatch.setenv("DESK_TARGET_PASSWORD", "abcd efgh ijkl mnop qrst uvwx")
    slug = seed_story(store, status="ready")
    before = store.articles.get(slug)
    outcome = publish(store, slug, "site")
    assert outcome.state == FAILED
    assert outcome.message.startswith(
        f"Not published: WordPress at {site.host} refused the user name or application "
        "password of 'site'; make a new application password"
    )
    assert outcome.message.count(". ") == 0
    assert outcome.message.endswith(".")
    (job,) = records.outbox(store)
    assert (job.state, job.message) == (FAILED, outcome.message)
    assert store.articles.get(slug) == before
    key = records.publication(store, before.id, "site").key
    assert [m for m in wp.get("media", per_page=100) if key[:16] in m["slug"]] == []


def test_a_user_who_may_not_upload_photos_is_told_so_before_anything_is_sent(
    store, wordpress_up, monkeypatch
):
    from desk.publish import targets

    targets.save_target(
        targets.make_target("low", "wordpress", url=wordpress_up.url, user="desk-contributor")
    )
    monkeypatch.setenv("DESK_TARGET_PASSWORD", wordpress_up.passwords["desk-contributor"])
    slug = seed_story(store, status="ready")
    outcome = publish(store, slug, "low")
    assert outcome.state == FAILED
    assert outcome.message == (
        f"Not published: WordPress user 'desk-contributor' on {wordpress_up.url[7:]} may not "
        "upload photos; ask for the Author or Editor role."
    )


def test_a_refusal_by_wordpress_403_is_one_sentence(store, wordpress_up, monkeypatch):
    from desk.publish import targets

    targets.save_target(
        targets.make_target("low", "wordpress", url=wordpress_up.url, user="desk-contributor")
    )
    monkeypatch.setenv("DESK_TARGET_PASSWORD", wordpress_up.passwords["desk-contributor"])
    article = store.articles.create(
        headline="Council agrees budget",
        section="Local news",
        status="ready",
        body_md="The council met.",
    )
    outcome = publish(store, article.slug, "low")  # contributors may not create categories
    assert outcome.state == FAILED
    assert outcome.message.startswith(
        "Not published: WordPress user 'desk-contributor' may not do this on "
        f"{wordpress_up.url[7:]} while Desk was creating the category 'Local news'"
    )
    assert outcome.message.endswith("ask the site's administrator for the Editor role.")


def test_a_site_that_is_not_wordpress_is_named_in_one_sentence(store, tmp_path, monkeypatch):
    import http.server
    import threading

    from desk.publish import targets

    handler = http.server.SimpleHTTPRequestHandler
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        targets.save_target(targets.make_target("plain", "wordpress", url=url, user="x"))
        monkeypatch.setenv("DESK_TARGET_PASSWORD", "secret")
        article = store.articles.create(
            headline="Council agrees budget", status="ready", body_md="The council met."
        )
        outcome = publish(store, article.slug, "plain")
    finally:
        server.shutdown()
        server.server_close()
    assert outcome.state == FAILED
    assert outcome.message == (
        f"Not published: {url} is not WordPress or its REST API is switched off (no REST API "
        "answered there); check that the address is the site's home page."
    )


def test_tls_trouble_is_one_sentence_and_the_job_is_not_retried(store, site, monkeypatch):
    from desk.publish import targets

    https = site.url.replace("http://", "https://")  # php -S speaks no TLS: the handshake fails
    targets.save_target(targets.make_target("tls", "wordpress", url=https, user=site.user))
    article = store.articles.create(
        headline="Council agrees budget", status="ready", body_md="The council met."
    )
    outcome = publish(store, article.slug, "tls")
    assert outcome.state == FAILED
    assert outcome.message.startswith(
        f"Not published: The secure connection to {site.host} failed ("
    )
    assert outcome.message.endswith("ask the site's administrator to fix its certificate.")


def test_a_site_that_does_not_answer_in_time_queues_the_job(store, monkeypatch):
    import socket

    import httpx

    from desk.publish import targets, wordpress

    monkeypatch.setattr(wordpress, "TIMEOUT", httpx.Timeout(0.5))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections, never answers
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        targets.save_target(targets.make_target("slow", "wordpress", url=url, user="x"))
        monkeypatch.setenv("DESK_TARGET_PASSWORD", "secret")
        article = store.articles.create(
            headline="Council agrees budget", status="ready", body_md="The council met."
        )
        outcome = publish(store, article.slug, "slow")
    finally:
        listener.close()
    assert outcome.state == QUEUED
    assert outcome.message == (
        f"Queued for slow: {url[7:]} did not answer in time while Desk was finding the site; "
        "Desk tries again in 30 seconds and when the network is back."
    )
