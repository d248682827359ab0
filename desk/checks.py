"""Preflight: what blocks a story's publication, and what only deserves a second look."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk.model import Article, Figure, Status
from desk.render import split_blocks

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One finding: errors block publication and export, warnings do not."""

    level: str
    message: str
    figure_id: int | None = None

    @property
    def blocking(self) -> bool:
        """True when the story cannot be published until this is fixed."""
        return self.level == ERROR


def placed_figure_ids(article: Article, figures: list[Figure]) -> list[int]:
    """Figures the page shows, in order: the lead photo, then those the body places."""
    ids = [f.id for f in figures if f.role == "lead"]
    for block in split_blocks(article.body_md):
        if block.figure_id is not None and block.figure_id not in ids:
            ids.append(block.figure_id)
    return ids


def _label(figure: Figure) -> str:
    """How a message names a figure: its number and the start of its caption."""
    caption = " ".join(figure.caption.split())
    if len(caption) > 40:
        caption = caption[:39].rstrip() + "…"
    return f"figure {figure.id}" + (f' ("{caption}")' if caption else "")


def check_story(
    article: Article, figures: list[Figure], store_root: Path | None = None
) -> list[Problem]:
    """Every problem of a story, errors first."""
    problems: list[Problem] = []
    name = article.slug or "this story"
    if article.status == Status.SPIKED:
        problems.append(Problem(ERROR, f"'{name}' is spiked; restore it before publishing."))
    if not article.headline.strip():
        problems.append(Problem(ERROR, f"'{name}' has no headline; write one before publishing."))
    by_id = {f.id: f for f in figures}
    for fid in placed_figure_ids(article, figures):
        problems.extend(_figure_problems(name, fid, by_id.get(fid), store_root))
    if not article.standfirst.strip():
        problems.append(Problem(WARNING, f"'{name}' has no standfirst (the page's description)."))
    if not (article.authors or article.byline or article.agency):
        problems.append(Problem(WARNING, f"'{name}' has no author, byline or agency."))
    return sorted(problems, key=lambda p: p.level != ERROR)


def _figure_problems(
    name: str, fid: int, figure: Figure | None, store_root: Path | None
) -> list[Problem]:
    """What is wrong with one placed figure."""
    if figure is None:
        return [
            Problem(
                ERROR,
                f"The body of '{name}' places figure {fid}, which the story does not have; "
                "remove that line or add the figure again.",
                fid,
            )
        ]
    if figure.photo is None:
        return [
            Problem(
                ERROR,
                f"In '{name}', {_label(figure)} needs a photo; attach one or remove the figure.",
                fid,
            )
        ]
    out: list[Problem] = []
    if store_root is not None and not (Path(store_root) / figure.photo.path).exists():
        out.append(
            Problem(
                ERROR,
                f"In '{name}', the photo of {_label(figure)} is missing from the store; "
                "attach it again.",
                fid,
            )
        )
    meta = figure.photo.metadata or {}
    if not (figure.alt.strip() or str(meta.get("alt_text") or "").strip()):
        out.append(
            Problem(
                WARNING,
                f"In '{name}', {_label(figure)} has no alt text; describe the picture for "
                "readers who cannot see it.",
                fid,
            )
        )
    if not (figure.credit.strip() or str(meta.get("credit") or "").strip()):
        out.append(Problem(WARNING, f"In '{name}', {_label(figure)} has no credit.", fid))
    return out
