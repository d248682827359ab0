"""Preflight: what blocks a story's publication, and what only deserves a second look."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk import body
from desk.model import Article, Figure, Status

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


def placed_figure_ids(article: Article) -> list[int]:
    """Figures the page shows, in order: the body model's placements (the lead first)."""
    return body.parse(article.body_md).figure_ids


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
    parsed = body.parse(article.body_md)
    by_id = {f.id: f for f in body.arrange(figures, article.body_md)}
    for placement in parsed.placements:
        figure = by_id.get(placement.figure_id)
        problems.extend(_figure_problems(placement, figure, store_root))
        if figure is not None and placement.stray:
            paragraph = placement.block + 1
            problems.append(
                Problem(
                    WARNING,
                    f"{figure.label()} is inside block {paragraph} of the text, not on a line "
                    "of its own; it shows after that block (Desk moves it there on saving).",
                    figure.id,
                )
            )
    for ref in parsed.duplicates:
        figure = by_id.get(ref.figure_id)
        label = figure.label() if figure else f"Figure (row {ref.figure_id})"
        problems.append(
            Problem(
                WARNING,
                f"{label} is placed twice; only its first place shows, so remove the other.",
                ref.figure_id,
            )
        )
    if not article.standfirst.strip():
        problems.append(Problem(WARNING, f"'{name}' has no standfirst (the page's description)."))
    if not (article.authors or article.byline or article.agency):
        problems.append(Problem(WARNING, f"'{name}' has no author, byline or agency."))
    return sorted(problems, key=lambda p: p.level != ERROR)


def _figure_problems(
    placement: body.Placement, figure: Figure | None, store_root: Path | None
) -> list[Problem]:
    """What is wrong with one placed figure."""
    fid = placement.figure_id
    if figure is None:
        return [
            Problem(
                ERROR,
                f"The text places Figure {placement.number} (`figure:{fid}`), which the story "
                "does not have; remove that line or add the photo again.",
                fid,
            )
        ]
    if figure.photo is None:
        return [
            Problem(
                ERROR,
                f"{figure.label()} needs a photo; attach one or remove the figure.",
                fid,
            )
        ]
    out: list[Problem] = []
    if store_root is not None and not (Path(store_root) / figure.photo.path).exists():
        out.append(
            Problem(
                ERROR,
                f"The photo of {figure.label()} is missing from the store; attach it again.",
                fid,
            )
        )
    meta = figure.photo.metadata or {}
    if not (figure.alt.strip() or str(meta.get("alt_text") or "").strip()):
        out.append(
            Problem(
                WARNING,
                f"{figure.label()} has no alt text; describe the picture for readers who "
                "cannot see it.",
                fid,
            )
        )
    if not (figure.credit.strip() or str(meta.get("credit") or "").strip()):
        out.append(Problem(WARNING, f"{figure.label()} has no credit.", fid))
    return out
