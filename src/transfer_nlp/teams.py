"""Clubs and national teams: the gazetteer matched in a text, each match decided.

A surface form can name several clubs ("United"), a club or a city ("Wednesday"),
a country or its national team ("Brazil"). `Teams` matches every alias of the
gazetteer and keeps a match only where the text reads it as a team, picking the
club the rest of the story points to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .gazetteer import Gazetteer
from .lexicon import words
from .schema import CLUB, GROUND, NATIONAL_TEAM, PERSON

_YOUTH = re.compile(r"^(?:Under-?\d\d|U-?\d\d|Olympic|B|Women|women's|Women's)$")


class Teams:
    """The gazetteer's matchers and indexes, and the decisions on what each match names."""

    def __init__(self, vocab: Vocab, tokenizer: Callable[[str], Doc], gaz: Gazetteer) -> None:
        self.vocab = vocab
        self.gazetteer = gaz
        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        self.labels: dict[str, str] = {}
        by_label: dict[str, list[str]] = {CLUB: [], NATIONAL_TEAM: []}
        for surface, label in gaz.aliases():
            if surface in self.labels:
                # A surface form both a club and a national team: the club wins, the
                # national-team reading is then decided by context in `_national`.
                continue
            self.labels[surface] = label
            by_label[label].append(surface)
        for label, surfaces in by_label.items():
            # Names are tokenised exactly as texts are, or multi-token names never match.
            self.matcher.add(label, [tokenizer(s) for s in surfaces])
        self.grounds = gaz.ground_index()
        self.ground_matcher = PhraseMatcher(vocab, attr="ORTH")
        self.ground_matcher.add(GROUND, [tokenizer(g) for g in self.grounds])
        self.demonyms = gaz.demonym_index()

    def grounds_in(self, doc: Doc, norms: dict[str, dict[str, Any]], taken: set[int]) -> list[Span]:
        """Club grounds ("a move to The Valley"), labelled FAC, with the club they stand for."""
        gaz = self.gazetteer
        spans = []
        for span in filter_spans([doc[s:e] for _, s, e in self.ground_matcher(doc)]):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            team_id = self.grounds[span.text]
            span = Span(doc, span.start, span.end, label=GROUND)
            norms[f"{span.start_char}:{span.end_char}"] = {
                "label": GROUND,
                "canonical": span.text,
                "club": gaz.canonical(team_id),
                "id": team_id,
            }
            spans.append(span)
        return spans

    def find(self, doc: Doc, norms: dict[str, dict[str, Any]]) -> list[Span]:
        """Clubs and national teams: gazetteer matches, each decided from context."""
        gaz = self.gazetteer
        matches = [doc[s:e] for _, s, e in self.matcher(doc)]
        matches = filter_spans(matches + self._across_breaks(doc))
        matched = {i for m in matches for i in range(m.start, m.end)}
        named_ids = _named_in_full(matches, gaz)
        countries = _club_countries(matches, gaz)
        resolved = []
        for span in matches:
            label = self.labels.get(form(span))
            if label is None or form(span).lower() in words("name_particles"):
                continue
            team_id = self._resolve(span, gaz, named_ids, countries)
            if team_id is not None:
                resolved.append((span, team_id))
        out = self._decided(doc, resolved, named_ids, matched, norms)
        out.extend(
            self._demonym_teams(doc, gaz, norms, {i for s in out for i in range(s.start, s.end)})
        )
        capitals = self._capitals(doc, gaz, norms, out)
        if capitals:
            # "NEWCASTLE United": the whole name, not the "United" matched inside it
            inside = {i for s in capitals for i in range(s.start, s.end)}
            out = [s for s in out if not (s.start in inside and s.end - 1 in inside)]
            out.extend(capitals)
        return out

    def _decided(
        self,
        doc: Doc,
        resolved: list[tuple[Span, str]],
        named_ids: set[str],
        matched: set[int],
        norms: dict[str, dict[str, Any]],
    ) -> list[Span]:
        """The resolved matches the text reads as teams, labelled club or national team.

        Clubs are decided first, then countries: "the Holland and Ajax centre forward"
        and "the Super Eagles and Mali and Luxembourg" read a country by the sides
        listed with it. A weak form ("United", "City") is a club only where its
        context says so."""
        gaz = self.gazetteer
        teams_at: set[int] = {
            i
            for span, team_id in resolved
            if gaz.teams[team_id].kind != "national" and not gaz.is_weak(form(span))
            for i in range(span.start, span.end)
        }
        out = []
        for span, team_id in sorted(
            resolved, key=lambda st: (gaz.teams[st[1]].kind == "national", st[0].start)
        ):
            if gaz.teams[team_id].kind == "national":
                national = self._national(doc, span, teams_at)
                if national is None:
                    continue
                span = national
                label = NATIONAL_TEAM
                teams_at.update(range(span.start, span.end))
            else:
                if gaz.is_weak(form(span)) and not self._club_context(
                    span, named_ids, team_id, matched
                ):
                    continue
                label = CLUB
            out.append(_team_span(span, label, team_id, gaz, norms))
        return out

    def _across_breaks(self, doc: Doc) -> list[Span]:
        """Names cut by a line break the segmenter read as no break ("Aston\nVilla"): the
        phrase matcher sees the break as a token, so the words on either side of each such
        break are matched on their own."""
        out = []
        for tok in doc[1:-1]:
            if not tok.is_space or doc[tok.i + 1].is_sent_start:
                continue
            left = _words(doc[max(tok.i - _NAME_WORDS, 0) : tok.i], reverse=True)
            right = _words(doc[tok.i + 1 : tok.i + 1 + _NAME_WORDS])
            if not left or not right:
                continue
            words = Doc(self.vocab, words=[t.text for t in left + right])
            for _, start, end in self.matcher(words):
                if start < len(left) < end:
                    out.append(doc[left[start].i : right[end - len(left) - 1].i + 1])
        return out

    def _capitals(
        self, doc: Doc, gaz: Gazetteer, norms: dict[str, dict[str, Any]], found: list[Span]
    ) -> list[Span]:
        """Clubs in capitals ("NEWCASTLE United yesterday smashed ..."), as older reports
        open: a form with a capitalised word read in title case, if it names a club (or has
        a press default) and needs no context. It may swallow a club form inside it."""
        taken = {i for s in found for i in range(s.start, s.end)}
        found_at = {i: s for s in found for i in range(s.start, s.end)}
        out: list[Span] = []
        i = 0
        while i < len(doc):
            if not (doc[i].is_upper and doc[i].is_alpha and len(doc[i]) > 2) or i in taken:
                i += 1
                continue
            for n in (3, 2, 1):
                span = doc[i : i + n]
                if len(span) < n or any(
                    (s := found_at.get(k)) is not None
                    and not (span.start <= s.start and s.end <= span.end)
                    for k in range(span.start, span.end)
                ):
                    continue  # it may swallow a club form inside it, never cut one
                form = " ".join(t.text.title() if t.is_upper else t.text for t in span)
                cands = gaz.candidates(form)
                team_id = cands[0] if len(cands) == 1 else gaz.default(form)
                if (
                    team_id is not None
                    and self.labels.get(form) == CLUB
                    and not gaz.is_weak(form)
                    and doc[span.end - 1].ent_type_ != PERSON
                ):
                    out.append(_team_span(span, CLUB, team_id, gaz, norms))
                    taken.update(range(span.start, span.end))
                    i = span.end - 1
                    break
            i += 1
        return out

    def _resolve(
        self,
        span: Span,
        gaz: Gazetteer,
        named_ids: set[str],
        countries: dict[str | None, int],
    ) -> str | None:
        cands = gaz.candidates(form(span))
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        for c in cands:
            if c in named_ids:
                return c
        default = gaz.default(form(span))
        votes = sorted(((countries.get(gaz.teams[c].country, 0), c) for c in cands), reverse=True)
        if (
            default is not None
            and countries.get(gaz.teams[default].country, 0) == 0
            and votes[0][0] > votes[1][0]
        ):
            return votes[0][1]
        return default

    def _club_context(
        self, span: Span, named_ids: set[str], team_id: str, matched: set[int]
    ) -> bool:
        """A weak alias (a city, a common word) is a club only in a football context."""
        doc = span.doc
        if form(span).lower() in words("calendar_words"):
            # "Wednesday" is Sheffield Wednesday only where the club is named in full
            # and no date word is next to it.
            prev_word = doc[span.start - 1].lower_ if span.start > 0 else ""
            return team_id in named_ids and prev_word not in words("date_leads")
        if (
            span.start > 0
            and doc[span.start - 1].pos_ == "PROPN"
            and span.start - 1 not in matched
            and doc[span.start - 1].ent_type_ in ("", PERSON)
        ):
            return False  # "Roque Junior": the end of a name
        if team_id in named_ids:
            return True
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.lower_ in ("-based", "airport", "area", "city", "centre"):
            return False
        if nxt is not None and (nxt.lower_ in words("team_followers") or nxt.tag_ == "POS"):
            return True
        if prev is not None and prev.lower_ in words("place_prepositions"):
            return False
        if span.root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "pobj", "conj", "appos"):
            return True
        return bool(span.sent.text and any(t.lower_ in words("team_followers") for t in span.sent))

    def _national(self, doc: Doc, span: Span, teams_at: set[int]) -> Span | None:
        """A country name is a national team only when the text treats it as one.
        `teams_at`: tokens of the clubs and national teams found so far."""
        end = span.end
        nxt = doc[end] if end < len(doc) else None
        # "England Under-21", "Brazil U20": the youth side is part of the name.
        if nxt is not None and _YOUTH.match(nxt.text):
            return doc[span.start : end + 1]
        if form(span) in self.labels and self._is_nickname(span):
            return span
        # "the Australia Cup", "the Saudi Pro League": a competition's name.
        if nxt is not None and nxt.text in words("competition_words"):
            return None
        after = end + 1 if nxt is not None and nxt.tag_ == "POS" else end
        # "Colombia's Atletico Nacional": a club of that country.
        if after > end and after in teams_at:
            return None
        after = _past_score(doc, after)
        window = [t.lower_ for t in doc[after : min(after + 3, len(doc))]]
        prev_tok = doc[span.start - 1] if span.start > 0 else None
        if prev_tok is not None and prev_tok.lower_ == "the" and span.start > 1:
            prev_tok = doc[span.start - 2]
        if _journey_end(doc, prev_tok):
            return None
        if window and (
            window[0] in words("national_team_followers")
            or " ".join(window[:2]) in words("national_team_followers")
        ):
            return span
        if _country_player(doc, span) or _after_match_word(doc, span):
            return span
        # "in Qatar, Miami FC in ...": after a place preposition a list is of places.
        if prev_tok is not None and prev_tok.lower_ in words("place_prepositions"):
            return None
        return span if _listed_with_team(doc, span, teams_at) else None

    def _is_nickname(self, span: Span) -> bool:
        gaz = self.gazetteer
        team_id = gaz.candidates(form(span))[0]
        return form(span) in gaz.teams[team_id].nicknames

    def _demonym_teams(
        self, doc: Doc, gaz: Gazetteer, norms: dict[str, dict[str, Any]], taken: set[int]
    ) -> list[Span]:
        """ "the Brazilian national team" -> NATIONAL_TEAM Brazil."""
        out = []
        for tok in doc:
            team_id = self.demonyms.get(tok.text)
            if team_id is None or tok.i in taken:
                continue
            following = " ".join(t.lower_ for t in doc[tok.i + 1 : tok.i + 3])
            if following in ("national team", "national side", "national squad"):
                out.append(_team_span(doc[tok.i : tok.i + 3], NATIONAL_TEAM, team_id, gaz, norms))
        return out


# The longest gazetteer name looked for across a line break, in words on either side.
_NAME_WORDS = 5


def _words(span: Span, *, reverse: bool = False) -> list[Token]:
    """The tokens of `span` up to the first whitespace token, from its end if `reverse`."""
    toks = list(reversed(span)) if reverse else list(span)
    out = list(itertools.takewhile(lambda t: not t.is_space, toks))
    return out[::-1] if reverse else out


def form(span: Span) -> str:
    """A name as the gazetteer holds it: a line break inside it read as a space."""
    text = span.text
    return " ".join(text.split()) if "\n" in text else text


def _team_span(
    span: Span, label: str, team_id: str, gaz: Gazetteer, norms: dict[str, dict[str, Any]]
) -> Span:
    """A CLUB or NATIONAL_TEAM span, its normalisation recorded in `norms`."""
    team = Span(span.doc, span.start, span.end, label=label)
    norms[f"{team.start_char}:{team.end_char}"] = {
        "label": label,
        "canonical": gaz.canonical(team_id),
        "id": team_id,
    }
    return team


def _named_in_full(matches: list[Span], gaz: Gazetteer) -> set[str]:
    """The teams named without doubt somewhere in the text: by a strong form that
    names one team only. They decide what a shared short form means ("United" in a
    story that names Leeds United)."""
    named_ids: set[str] = set()
    for span in matches:
        default = gaz.default(form(span))
        if (
            default is not None
            and not gaz.is_weak(form(span))
            and len(gaz.candidates(form(span))) == 1
        ):
            named_ids.add(default)
    return named_ids


def _club_countries(matches: list[Span], gaz: Gazetteer) -> dict[str | None, int]:
    """How many clubs named without doubt each country has in the text: "the
    Mariners" in a story about Indian clubs is Mohun Bagan, not Grimsby Town."""
    countries: dict[str | None, int] = {}
    for span in matches:
        cands = gaz.candidates(form(span))
        if len(cands) == 1 and gaz.teams[cands[0]].kind != "national":
            country = gaz.teams[cands[0]].country
            countries[country] = countries.get(country, 0) + 1
    return countries


def _past_score(doc: Doc, i: int) -> int:
    """Where the words after a country name start, past a score: "England's 2-1
    defeat" reads "defeat"."""
    if (
        i + 2 < len(doc)
        and doc[i].like_num
        and doc[i + 1].text in ("-", "–")
        and doc[i + 2].like_num
    ):
        return i + 3
    return i


def _journey_end(doc: Doc, prev_tok: Token | None) -> bool:
    """Whether a country is where a journey ends ("moved to Germany", "travel to the
    United States"): a place, not a team."""
    return (
        prev_tok is not None
        and prev_tok.lower_ == "to"
        and prev_tok.i > 0
        and doc[prev_tok.i - 1].lemma_.lower() in words("travel_verbs")
    )


def _country_player(doc: Doc, span: Span) -> bool:
    """Whether a country's possessive introduces a name ("Saudi Arabia's Omar Al
    Ghamdi"): a player of the national team."""
    end = span.end
    return (
        end < len(doc)
        and doc[end].tag_ == "POS"
        and end + 1 < len(doc)
        and (doc[end + 1].ent_type_ == PERSON or doc[end + 1].pos_ == "PROPN")
    )


def _after_match_word(doc: Doc, span: Span) -> bool:
    """Whether a country follows a match preposition in a sentence about caps and
    games ("the win over Czechoslovakia", "capped by England")."""
    prev = [t.lower_ for t in doc[max(span.start - 3, 0) : span.start] if t.lower_ != "the"]
    sent_words = {t.lemma_.lower() for t in span.sent}
    return bool(
        prev and prev[-1] in words("match_prepositions") and sent_words & words("country_team_cues")
    )


def _listed_with_team(doc: Doc, span: Span, teams_at: set[int]) -> bool:
    """Whether a country is listed next to a team, the list word between them: "the
    Super Eagles and Mali", "the Holland and Ajax forward"."""
    end = span.end
    before = doc[span.start - 2] if span.start >= 2 else None
    if (
        before is not None
        and doc[span.start - 1].lower_ in ("and", ",")
        and (before.ent_type_ in (NATIONAL_TEAM, CLUB) or before.i in teams_at)
    ):
        return True
    return (
        end < len(doc)
        and doc[end].lower_ in ("and", ",")
        and end + 1 < len(doc)
        and (doc[end + 1].ent_type_ in (NATIONAL_TEAM, CLUB) or end + 1 in teams_at)
    )
