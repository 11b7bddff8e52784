"""Commands for the judgement models: train, evaluate, status; and correcting a judgement."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.common import MAX_ID, console, print_json, state

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]

models = typer.Typer(help="The models that judge emails and replies.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(models, name="model")
    app.command("correct")(correct)


def _progress() -> tuple[object, object]:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=console(err=True),
        transient=True,
    )
    task = bar.add_task("starting", total=None)
    return bar, lambda message: bar.update(task, description=message)


@models.command("train")
def train(
    ctx: typer.Context,
    personal: Annotated[
        bool,
        typer.Option("--personal", help="Add your corrections; saved in your data directory."),
    ] = False,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same model).")] = 13,
    output: Annotated[
        Path | None, typer.Option(help="Where to write the shipped model (default: the package).")
    ] = None,
) -> None:
    """Train the models: from the corpus, or with --personal also from your corrections.

    \b
    Examples:
      nextround model train
      nextround model train --personal
    """
    from nextround.services import models as service

    st = state(ctx)
    bar, note = _progress()
    with bar:  # type: ignore[attr-defined]
        if personal:
            result = service.train_personal(
                db=st.db,
                data_dir=st.settings.data_dir,
                seed=seed,
                progress=note,  # type: ignore[arg-type]
            )
        else:
            from nextround.services.adapters import shipped_models_folder

            result = service.train_shipped(
                output=output or shipped_models_folder(),
                seed=seed,
                progress=note,  # type: ignore[arg-type]
            )
    extra = f" and {result.corrections} of your corrections" if result.corrections else ""
    typer.echo(
        f"trained on {result.emails} emails and {result.replies} replies{extra}; "
        f"saved to {result.folder} ({result.size_bytes / 1_000_000:.1f} MB)"
    )


@models.command("evaluate")
def evaluate(
    folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed for the folds.")] = 13,
    eval_dir: Annotated[
        Path | None,
        typer.Option(help="A folder of labelled emails.jsonl/replies.jsonl never trained on."),
    ] = None,
    write: Annotated[
        Path | None, typer.Option(help="Also write the report to this file (Markdown).")
    ] = None,
) -> None:
    """Precision, recall, F1 and confusion matrices: cross-validated, and on real text;
    and how often each rule fires (every rule in RULES.md beside the --write file).

    \b
    Examples:
      nextround model evaluate
      nextround model evaluate --eval-dir ../shared/eval --write corpus/EVALUATION.md
    """
    from nextround.services import models as service

    bar, note = _progress()
    with bar:  # type: ignore[attr-defined]
        text, rules = service.evaluate_with_rules(
            folds=folds,
            seed=seed,
            eval_dir=eval_dir,
            progress=note,  # type: ignore[arg-type]
        )
    typer.echo(text, nl=False)
    if write is not None:
        write.write_text(text, encoding="utf-8")
        write.with_name("RULES.md").write_text(rules, encoding="utf-8")
        typer.echo(f"written to {write} and {write.with_name('RULES.md')}", err=True)


@models.command("status")
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Which model judges your mail, when it was trained, and on how many corrections.

    \b
    Examples:
      nextround model status
    """
    from nextround.services import models as service

    st = state(ctx)
    s = service.model_status(db=st.db, data_dir=st.settings.data_dir)
    if as_json:
        print_json(
            {
                "in_use": s.in_use,
                "folder": str(s.folder),
                "created_at": s.created_at,
                "corpus_emails": s.corpus_emails,
                "corpus_replies": s.corpus_replies,
                "corrections": s.corrections,
                "pending_corrections": s.pending_corrections,
            }
        )
        return
    typer.echo(f"in use: the {s.in_use} model ({s.folder})")
    typer.echo(
        f"trained: {s.created_at} on {s.corpus_emails} emails and {s.corpus_replies} replies"
    )
    if s.in_use == "personal":
        typer.echo(f"with {s.corrections} of your corrections")
    elif s.other_database:
        typer.echo(
            "the personal model in your data directory learnt another database's corrections; "
            "this one has none yet"
        )
    if s.pending_corrections:
        typer.echo(
            f"{s.pending_corrections} newer corrections are not in it yet: "
            "nextround model train --personal"
        )


def correct(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="The judged message's id.")],
    kind: Annotated[str | None, typer.Option(help="Email: rejection, invite, offer...")] = None,
    after_interview: Annotated[
        str | None, typer.Option(help="Rejection: yes, no or unknown.")
    ] = None,
    gives_reason: Annotated[str | None, typer.Option(help="Rejection: yes or no.")] = None,
    category: Annotated[
        str | None, typer.Option(help="Reply: actionable, generic or declined.")
    ] = None,
    themes: Annotated[
        str | None, typer.Option(help="Reply: the themes it names, comma-separated.")
    ] = None,
    vagueness: Annotated[
        str | None, typer.Option(help="Generic reply: experience, fit, competition...")
    ] = None,
) -> None:
    """Correct a judgement; your label is kept and trains your personal model.

    \b
    Examples:
      nextround correct 7 --category generic --vagueness experience
      nextround correct 3 --kind rejection --after-interview yes
    """
    from nextround.services import models as service

    fields = {
        k: v
        for k, v in {
            "kind": kind,
            "after_interview": after_interview,
            "gives_reason": gives_reason,
            "category": category,
            "themes": themes,
            "vagueness": vagueness,
        }.items()
        if v is not None
    }
    message = service.correct_message(db=state(ctx).db, message_id=message_id, fields=fields)
    shown = ", ".join(f"{k}={v}" for k, v in (message.correction or {}).items())
    typer.echo(f"message #{message.id} corrected: {shown}")
    typer.echo("your personal model learns it at: nextround model train --personal", err=True)
