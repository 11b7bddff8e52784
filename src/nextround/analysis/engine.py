"""The model-backed judge: trained models decide, rules explain.

The models decide the kind, the stage, whether a reason is given, the reply's
category, themes and kind of vagueness. Sentence scoring picks the reason and
evidence sentences. The rules supply the entities (company, role, person) and
the probe wording, and their cues are features the models weigh.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from nextround.analysis import lexicon
from nextround.analysis.bundle import Bundle
from nextround.analysis.features import Rows, TokenColumns, tokens, words
from nextround.analysis.linear import LinearModel
from nextround.analysis.replies import probe_for
from nextround.analysis.views import (
    EMAIL_CHARS,
    REPLY_CHARS,
    EmailView,
    ReplyView,
    email_view,
    email_views,
    reply_view,
    sentence_prefix,
    stack_matrix,
    theme_tokens,
)
from nextround.domain.model import (
    EmailJudgement,
    EmailKind,
    EvidenceNote,
    ReplyCategory,
    ReplyJudgement,
    Vagueness,
)
from nextround.domain.themes import Theme

NON_ENGLISH_CAP = 0.3
SENTENCE_THEME_THRESHOLD = 0.3
SENTENCE_GAP_THRESHOLD = 0.7
# praise beyond the rules' list: what interviewers say when something went well
_PRAISE = re.compile(
    lexicon.POSITIVE
    + r"|\b(?:(?:very|really|so|super) clear|clearly explained|liked|thorough|well[- ](?:"
    r"structured|prepared|organised|organized|thought[- ]out|explained)|impressive|confident"
    r"|knowledgeable|insightful|compelling|stood out|strength|lovely)\b"
)
_CRITIQUE = re.compile(lexicon.CRITIQUE)
THEME_THRESHOLD = 0.4
SENTENCE_THEME_SHARE = 0.5
EVIDENCE_THRESHOLD = 0.5
# a rules judgement of "rejection" this sure (a decisive "not you" and no offer cue of any
# weight beside it) is not turned into an offer by the word model: "we would be pleased
# to offer you feedback" after "you have been unsuccessful" is a rejection. No offer in
# the corpus or the held-out positives has the rules this sure of a rejection (at most .80)
RULES_SURE_REJECTION = 0.85
MAX_EVIDENCE = 4


Vectors = dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]


# good wishes are not praise: "Good luck - Dana" names no strength
_WISHES = re.compile(
    r"\b(?:good|best of|the best of|lots of) luck\b|\ball the (?:very )?best\b|\bhave a "
    r"(?:good|great|lovely|nice|wonderful) (?:day|week|weekend|one|evening)\b|\b(?:good|great"
    r"|lovely|nice) to (?:hear from|meet|speak (?:to|with)) you\b|\bbest wishes\b"
)


def _praise_only(
    theme: str, sentences: Sequence[str], per_sentence: dict[str, dict[str, float]]
) -> bool:
    """Whether the reply speaks of ``theme`` only in praise: a praising sentence names it,
    and no critical sentence does. "Your explanation was very clear" is a strength on
    communication, not a gap in it, so it is not among the reply's themes."""
    praised = [per_sentence[s][theme] for s in sentences if _praises(s)]
    critical = [per_sentence[s][theme] for s in sentences if not _praises(s)]
    return (
        bool(praised)
        and max(praised) >= SENTENCE_THEME_THRESHOLD
        and max(critical, default=0.0) < SENTENCE_THEME_THRESHOLD
    )


def _praises(sentence: str) -> bool:
    lowered = _WISHES.sub(" ", sentence.lower())
    return bool(_PRAISE.search(lowered)) and not _CRITIQUE.search(lowered)


def _top(probs: dict[str, float]) -> tuple[str, float]:
    label = max(probs, key=lambda k: probs[k])
    return label, probs[label]


class ModelJudge:
    """Judges with a trained bundle; ``label`` says which (shipped or personal)."""

    def __init__(self, bundle: Bundle, *, label: str = "shipped") -> None:
        self.bundle = bundle
        self.label = label
        self.name = f"model:{label}"
        # by (vocabulary, token prefix, character n-grams or not)
        self._token_columns: dict[tuple[str, str, bool], TokenColumns] = {}

    def _probs(self, name: str, doc: list[str], vectors: Vectors) -> dict[str, float]:
        """Model ``name``'s scores for ``doc``; the tf-idf vector is built once per
        vocabulary and shared by every model over it (kind, stage and reason read
        the same email vector)."""
        model, vocab = self.bundle.model(name)
        if model.vocabulary not in vectors:
            vectors[model.vocabulary] = vocab.vector(doc)
        return model.probabilities(*vectors[model.vocabulary])

    def _sentence_scores(self, sentences: Sequence[str], *, task: str) -> list[float]:
        """The sentence model's "yes" for each sentence, all scored in one batch.

        The rows are those of ``sentence_tokens``, found from the sentences' words
        (``TokenColumns``) without building a prefixed string for every n-gram.
        """
        if not sentences:
            return []
        model, _ = self.bundle.model("sentence")
        columns = self._columns(model.vocabulary, prefix=sentence_prefix(task), chars=True)
        rows = columns.rows([words(s) for s in sentences])
        yes: list[float] = model.probabilities_rows(rows)[:, model.classes.index("yes")].tolist()
        return yes

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
        return self.judge_email_view(email_view(text, subject=subject, sender=sender))

    def judge_email_view(self, view: EmailView) -> EmailJudgement:
        return self.judge_email_views([view])[0]

    def judge_emails(self, emails: Sequence[tuple[str, str, str]]) -> list[EmailJudgement]:
        """Many emails at once, each ``(text, subject, sender)``: the same judgements
        as one by one, with the models run over the whole batch in one go."""
        return self.judge_email_views(email_views(emails))

    def judge_email_views(self, views: Sequence[EmailView]) -> list[EmailJudgement]:
        """The models run over the whole batch as matrices; only the final judgements
        are built one email at a time."""
        if not views:
            return []
        rows: dict[str, Rows] = {}
        kind, kinds = self._batch("kind", views, rows)
        if "kind_stack" in self.bundle.models:
            # the meta-model weighs the kind model's probabilities against the rules' kind;
            # its inputs for the whole batch are one dense matrix
            stack, inputs = self.bundle.model("kind_stack")
            features = stack_matrix(
                inputs.terms,
                kind.classes,
                kinds,
                [v.rules.kind.value for v in views],
                [v.rules.confidence for v in views],
            )
            kind, kinds = stack, stack.probabilities_rows(Rows.dense(features))
        stage, stages = self._batch("stage", views, rows)
        reason, reasons = self._batch("reason", views, rows)
        # argmax takes the first of equal maxima, as ``_top`` does over a {class: p} dict
        picked = kinds.argmax(axis=1)
        kind_labels = [kind.classes[k] for k in picked.tolist()]
        confidences: list[float] = kinds[np.arange(len(views)), picked].tolist()
        for i, view in enumerate(views):
            if (
                kind_labels[i] == EmailKind.OFFER.value
                and view.rules.kind is EmailKind.REJECTION
                and view.rules.confidence >= RULES_SURE_REJECTION
            ):
                kind_labels[i] = EmailKind.REJECTION.value
                confidences[i] = min(view.rules.confidence, 1.0 - confidences[i] / 2)
        stage_labels = [stage.classes[k] for k in stages.argmax(axis=1).tolist()]
        gives: list[bool] = (reasons[:, reason.classes.index("yes")] >= 0.5).tolist()
        explained = [
            i
            for i, label in enumerate(kind_labels)
            if label == EmailKind.REJECTION.value and gives[i]
        ]
        chosen = self._reasons([views[i] for i in explained])
        found = dict(zip(explained, chosen, strict=True))
        return [
            self._email(
                view,
                kind_labels[i],
                confidences[i],
                stage_labels[i],
                found.get(i, view.rule_reason),
            )
            for i, view in enumerate(views)
        ]

    def _batch(
        self, name: str, views: Sequence[EmailView], rows: dict[str, Rows]
    ) -> tuple[LinearModel, npt.NDArray[np.float64]]:
        """Model ``name`` and its probabilities for every email, shape (emails, classes);
        rows are built once per vocabulary (kind, stage and reason share the email's)."""
        model, _ = self.bundle.model(name)
        if model.vocabulary not in rows:
            columns = self._columns(model.vocabulary, chars=EMAIL_CHARS)
            rows[model.vocabulary] = columns.rows(
                [v.words for v in views], [v.extra for v in views]
            )
        return model, model.probabilities_rows(rows[model.vocabulary])

    def _columns(self, vocabulary: str, *, prefix: str = "", chars: bool) -> TokenColumns:
        """The token-to-column finder of a vocabulary, kept with the words it has seen."""
        key = (vocabulary, prefix, chars)
        found = self._token_columns.get(key)
        if found is None:
            vocab = self.bundle.vocabularies[vocabulary]
            found = TokenColumns(vocab, prefix=prefix, chars=chars)
            self._token_columns[key] = found
        return found

    def _email(
        self,
        view: EmailView,
        kind_label: str,
        confidence: float,
        stage_label: str,
        reason: str | None,
    ) -> EmailJudgement:
        kind = EmailKind(kind_label)
        if not view.email.english:
            confidence = min(confidence, NON_ENGLISH_CAP)
        rejection = kind is EmailKind.REJECTION
        # the reason rules are precise (role filled, visa, salary band...); the model finds
        # the reasons they miss, so either one is enough (``reason`` is the model's
        # sentence when it sees a reason, else the rules', read even when the rules did
        # not see a rejection)
        reason = reason if rejection else None
        stage = stage_label if rejection else None
        rules = view.rules
        return EmailJudgement(
            kind=kind,
            is_rejection=rejection,
            after_interview={"yes": True, "no": False}.get(stage or ""),
            gives_reason=reason is not None,
            reason=reason,
            company=rules.company,
            role=rules.role,
            person=rules.person,
            confidence=round(confidence, 3),
        )

    def _reasons(self, views: Sequence[EmailView]) -> list[str | None]:
        """The reason sentences of emails the model says give one: the one or two
        sentences the sentence model marks, or its best one."""
        sentences = [v.body_sentences for v in views]
        scores = iter(self._sentence_scores([s for g in sentences for s in g], task="reason"))
        out: list[str | None] = []
        for view, group in zip(views, sentences, strict=True):
            mine = [next(scores) for _ in group]
            if not group:
                out.append(view.rule_reason)
                continue
            chosen = [s for s, p in zip(group, mine, strict=True) if p >= EVIDENCE_THRESHOLD]
            if not chosen:
                chosen = [group[max(range(len(group)), key=lambda i: mine[i])]]
            out.append(" ".join(chosen[:2]))
        return out

    def judge_reply(self, text: str) -> ReplyJudgement:
        return self.judge_reply_view(reply_view(text))

    def judge_reply_view(self, view: ReplyView) -> ReplyJudgement:
        vectors: Vectors = {}
        category_model, _ = self.bundle.model("category")
        # a bundle from before the word-only category model reads the reply's tokens
        doc = view.plain if category_model.vocabulary == "reply_words" else view.tokens
        label, confidence = _top(self._probs("category", doc, vectors))
        category = ReplyCategory(label)
        if not view.reply.english:
            confidence = min(confidence, NON_ENGLISH_CAP)
        evidence = self._evidence(view.sentences)
        themes: tuple[Theme, ...] = ()
        vagueness: Vagueness | None = None
        probe: str | None = None
        notes: tuple[EvidenceNote, ...] = ()
        if category is ReplyCategory.ACTIONABLE:
            # praise is rarely "evidence" of a gap, but it is what the strengths are made of
            noted = [s for s in view.sentences if s in evidence or _praises(s)]
            per_sentence = self._sentence_themes(noted)
            if "evidence_themes" in self.bundle.models:
                scores = self._probs("evidence_themes", theme_tokens(view, evidence), vectors)
                # a reply that names two gaps in two sentences: each theme's best single
                # evidence sentence counts for a share (cross-validated against the reply alone)
                # praise is a strength, not a gap: its theme is not the reply's to work on
                by_sentence = [per_sentence[s] for s in evidence if not _praises(s)]
                if by_sentence:
                    scores = {
                        t: (1 - SENTENCE_THEME_SHARE) * p
                        + SENTENCE_THEME_SHARE * max(b[t] for b in by_sentence)
                        for t, p in scores.items()
                    }
            else:  # a bundle from before the evidence-aware themes model
                scores = self._probs("themes", view.tokens, vectors)
            ranked = sorted(scores, key=lambda k: -scores[k])
            picked = [t for t in ranked if scores[t] >= THEME_THRESHOLD] or ranked[:1]
            gaps = [t for t in picked if not _praise_only(t, noted, per_sentence)]
            themes = tuple(Theme(t) for t in gaps or picked)
            notes = self._notes(tuple(noted), themes, per_sentence)
        elif category is ReplyCategory.GENERIC:
            vagueness = Vagueness(_top(self._probs("vagueness", view.tokens, vectors))[0])
            broad, _ = _top(self._probs("generic_theme", view.tokens, vectors))
            theme = None if broad == "none" else Theme(broad)
            themes = (theme,) if theme else ()
            probe = probe_for(vagueness, theme)
        if notes:
            found = [t for n in notes if not n.strength for t in n.themes]
            themes = tuple(dict.fromkeys([*themes, *found]))
        return ReplyJudgement(
            category=category,
            themes=themes,
            evidence=evidence,
            vagueness=vagueness,
            probe=probe,
            confidence=round(confidence, 3),
            notes=notes,
        )

    def _sentence_themes(self, sentences: Sequence[str]) -> dict[str, dict[str, float]]:
        """Each sentence's themes, scored on its own: by the model trained on labelled
        feedback points when the bundle has one, else by the reply-level themes model."""
        name = "point_themes" if "point_themes" in self.bundle.models else "themes"
        model, vocab = self.bundle.model(name)
        return {s: model.predict(vocab, tokens(s, chars=REPLY_CHARS)) for s in sentences}

    def _notes(
        self,
        evidence: tuple[str, ...],
        themes: tuple[Theme, ...],
        per_sentence: dict[str, dict[str, float]],
    ) -> tuple[EvidenceNote, ...]:
        """Which theme each evidence sentence speaks to, and whether it is praise.

        Each theme of the reply goes to the critical sentence that scores it
        highest; a praising sentence keeps its own strongest theme, so "your
        explanation was very clear" becomes a strength on communication.
        """
        scores = [per_sentence[s] for s in evidence]
        praise = [_praises(s) for s in evidence]
        assigned: list[set[Theme]] = [set() for _ in evidence]
        critical = [i for i in range(len(evidence)) if not praise[i]] or list(range(len(evidence)))
        for theme in themes:
            best = max(critical, key=lambda i: scores[i][theme.value])
            assigned[best].add(theme)
        for i, probs in enumerate(scores):
            top = max(probs, key=lambda k: probs[k])
            if praise[i] and probs[top] >= SENTENCE_THEME_THRESHOLD:
                assigned[i].add(Theme(top))
            elif not praise[i] and probs[top] >= SENTENCE_GAP_THRESHOLD:
                assigned[i].add(Theme(top))  # a gap the whole-reply score diluted
        # a sentence's own strongest theme first: the lesson it becomes is filed under it
        return tuple(
            EvidenceNote(
                sentence=s,
                themes=tuple(sorted(assigned[i], key=lambda t: (-scores[i][t.value], t.value))),
                strength=praise[i],
            )
            for i, s in enumerate(evidence)
        )

    def _evidence(self, sentences: list[str]) -> tuple[str, ...]:
        if not sentences:
            return ()
        scores = self._sentence_scores(sentences, task="evidence")
        order = sorted(range(len(sentences)), key=lambda i: -scores[i])
        keep = [i for i in order if scores[i] >= EVIDENCE_THRESHOLD][:MAX_EVIDENCE] or order[:1]
        return tuple(sentences[i] for i in sorted(keep))
