"""Each story's recorded check (desk.checkstate): written when asked, found stale when what it
depends on changed (the story, its figures, tags, the thresholds), gone with its story."""

from __future__ import annotations

from desk import checkstate, settings


def test_a_recorded_mark_is_what_the_checks_say(store):
    article = store.articles.create(headline="Floods", body_md="Rain TK fell.")
    mark = checkstate.refresh(store, article.id)
    assert (mark.state, mark.blocking) == ("blocked", 1)
    assert "still holds the marker" in mark.summary
    assert checkstate.marks(store) == {article.id: mark}
    store.articles.update(article.id, body_md="Rain fell.")
    assert checkstate.refresh(store, article.id).state == "warnings"


def test_stale_lists_stories_never_checked_or_changed_since(store):
    first = store.articles.create(headline="One", body_md="Text.")
    second = store.articles.create(headline="Two", body_md="Text.")
    assert sorted(checkstate.stale(store)) == sorted([first.id, second.id])
    assert checkstate.sweep(store, checkstate.stale(store)) == 2
    assert checkstate.stale(store) == []
    store.tags.tag(first.id, ["Weather"])  # a tag does not change the story's modified stamp
    assert checkstate.stale(store) == [first.id]
    store.figures.add(second.id, None, caption="Later", place=None)
    assert sorted(checkstate.stale(store)) == sorted([first.id, second.id])
    checkstate.sweep(store, checkstate.stale(store))
    settings.save({"limits.headline": 20})  # new thresholds: every mark is out of date
    assert sorted(checkstate.stale(store)) == sorted([first.id, second.id])


def test_a_sweep_stops_when_cancelled(store):
    ids = [store.articles.create(headline=f"S{n}", body_md="Text.").id for n in range(3)]
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert checkstate.sweep(store, ids, cancelled) == 1
    assert len(checkstate.marks(store)) == 1


def test_a_mark_goes_with_its_story(store):
    article = store.articles.create(headline="Gone", body_md="Text.")
    checkstate.refresh(store, article.id)
    store.articles.delete(article.id)
    assert checkstate.marks(store) == {}
