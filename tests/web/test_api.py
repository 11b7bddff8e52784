"""The JSON API in-process: the whole loop, every route, and how it says no."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Web
from tests.web.flows import ACTIONABLE, GENERIC, REJECTION


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def test_session_gives_the_token_and_its_header(web: Web) -> None:
    body = ok(web.client.get("/api/session"))
    assert body["header"] == "X-CSRF-Token" and len(body["csrf_token"]) == 64


def test_the_loop_through_the_api(web: Web) -> None:
    assert ok(web.api("GET", "/api/me")) == {"name": None, "phone": "", "email": ""}
    assert ok(web.api("PUT", "/api/me", {"name": "Sam Okafor"}))["name"] == "Sam Okafor"
    me = ok(web.api("PUT", "/api/me", {"name": "Sam Okafor", "phone": "+1 555 0100"}))
    assert me == {"name": "Sam Okafor", "phone": "+1 555 0100", "email": ""}

    app = ok(
        web.api(
            "POST",
            "/api/applications",
            {"company": "Quarry Labs", "role": "Data Engineer", "applied_on": "2026-10-20"},
        ),
        201,
    )
    assert app["status"] == "applied" and app["applied_on"].startswith("2026-10-20T09:00")
    aid = app["id"]
    lena = ok(
        web.api("POST", "/api/contacts", {"name": "Lena Fischer", "company": "Quarry Labs"}), 201
    )
    assert [c["id"] for c in ok(web.api("GET", "/api/contacts?company=Quarry Labs"))] == [
        lena["id"]
    ]
    interview = ok(
        web.api(
            "POST",
            f"/api/applications/{aid}/interviews",
            {
                "stage": "onsite",
                "when": "2026-11-10T14:00:00",
                "contact_ids": [lena["id"]],
                "talking_points": ["the streaming ingestion rewrite"],
                "self_assessment": {"technical_skills": 5},
            },
        ),
        201,
    )
    assert interview["self_assessment"] == {"technical_skills": 5}

    rejected = ok(
        web.api(
            "POST",
            f"/api/applications/{aid}/rejection",
            {"text": REJECTION, "received_at": "2026-11-13T16:00:00"},
        ),
        201,
    )
    tid = rejected["thread_id"]
    assert rejected["after_interview"] is True
    assert rejected["send_by"].startswith("2026-11-17")

    todo = ok(web.api("GET", "/api/next"))
    assert [a["kind"] for a in todo] == ["ask"]
    assert todo[0]["page"] == f"/threads/{tid}/draft?step=request&channel=call"

    draft = ok(web.api("GET", f"/api/threads/{tid}/draft?step=request&channel=email"))
    assert draft["subject"] and "Lena" in draft["body"] and draft["lint"]["score"] > 50
    thread = ok(
        web.api(
            "POST",
            f"/api/threads/{tid}/sent",
            {"step": "request", "channel": "email", "text": draft["body"]},
        )
    )
    assert thread["state"] == "asked" and thread["follow_up_due"]

    generic = ok(web.api("POST", f"/api/threads/{tid}/reply", {"text": GENERIC}), 201)
    assert generic["thread"]["state"] == "generic"
    assert generic["message"]["judgement"]["category"] == "generic"
    probe = ok(web.api("GET", f"/api/threads/{tid}/draft?step=probe&channel=email"))
    ok(
        web.api(
            "POST",
            f"/api/threads/{tid}/sent",
            {"step": "probe", "channel": "email", "text": probe["body"]},
        )
    )

    actionable = ok(web.api("POST", f"/api/threads/{tid}/reply", {"text": ACTIONABLE}), 201)
    mid = actionable["message"]["id"]
    assert actionable["thread"]["state"] == "actionable"
    kept = ok(web.api("POST", f"/api/messages/{mid}/lessons", {}), 201)
    assert kept and all(lesson["message_id"] == mid for lesson in kept)

    pitch = ok(
        web.api(
            "GET",
            f"/api/threads/{tid}/draft?step=pitch&evidence=I%20rebuilt%20our%20backfills",
        )
    )
    assert "backfills" in pitch["body"]
    thanks = ok(web.api("GET", f"/api/threads/{tid}/draft?step=thanks&channel=email"))
    closed = ok(
        web.api(
            "POST",
            f"/api/threads/{tid}/sent",
            {"step": "thanks", "channel": "email", "text": thanks["body"]},
        )
    )
    assert closed["state"] == "thanked"

    detail = ok(web.api("GET", f"/api/applications/{aid}"))
    assert detail["application"]["status"] == "rejected"
    assert [m["kind"] for m in detail["messages"]][:3] == ["rejection", "request", "reply"]
    assert detail["thread"]["probes_sent"] == 1
    assert len(ok(web.api("GET", f"/api/threads/{tid}/messages"))) == 6
    assert ok(web.api("GET", f"/api/threads/{tid}"))["state"] == "thanked"
    assert [t["id"] for t in ok(web.api("GET", "/api/threads?open=true"))] == []

    profile = ok(web.api("GET", "/api/profile"))
    assert profile["lessons"] == len(kept) and profile["blind_spots"] == ["technical_skills"]
    brief = ok(web.api("GET", f"/api/interviews/{interview['id']}/brief"))
    assert brief["interviewers"] == ["Lena Fischer"] and brief["apply"]
    assert ok(web.api("GET", f"/api/applications/{aid}/brief"))["interview"] is None


def test_applications_list_filter_and_patch(web: Web) -> None:
    first = ok(web.api("POST", "/api/applications", {"company": "A", "role": "R"}), 201)
    ok(web.api("POST", "/api/applications", {"company": "B", "role": "R", "status": "offer"}), 201)
    assert [a["company"] for a in ok(web.api("GET", "/api/applications?status=offer"))] == ["B"]
    patched = ok(web.api("PATCH", f"/api/applications/{first['id']}", {"status": "withdrawn"}))
    assert patched["status"] == "withdrawn" and patched["company"] == "A"


def test_lessons_crud(web: Web) -> None:
    lesson = ok(
        web.api(
            "POST",
            "/api/lessons",
            {"theme": "communication", "statement": "Lead with the result", "actions": ["mock"]},
        ),
        201,
    )
    assert lesson["polarity"] == "weakness" and lesson["status"] == "open"
    lid = lesson["id"]
    edited = ok(
        web.api("PATCH", f"/api/lessons/{lid}", {"status": "practising", "add_actions": ["more"]})
    )
    assert edited["status"] == "practising" and edited["actions"] == ["mock", "more"]
    assert [x["id"] for x in ok(web.api("GET", "/api/lessons?status=practising"))] == [lid]
    assert web.api("DELETE", f"/api/lessons/{lid}").status_code == 204
    assert ok(web.api("GET", "/api/lessons")) == []
    assert web.api("DELETE", f"/api/lessons/{lid}").status_code == 404


def test_lint_as_json_and_as_html_for_htmx(web: Web) -> None:
    plain = ok(
        web.api(
            "POST",
            "/api/lint",
            {"text": "Hi Dana, why did you reject me? You made a mistake.", "step": "request"},
        )
    )
    assert plain["ok"] is False and plain["missing"] and plain["details"]

    ok(web.api("PUT", "/api/me", {"name": "Sam Okafor"}))
    aid = ok(web.api("POST", "/api/applications", {"company": "Quarry", "role": "R"}), 201)["id"]
    ok(web.api("POST", f"/api/applications/{aid}/rejection", {"text": REJECTION}), 201)
    body = {"text": "Hi Lena, thanks.", "step": "request", "channel": "email", "subject": "Hello"}
    as_json = ok(web.api("POST", "/api/threads/1/lint", body))
    assert "greeting" in as_json["present"]
    as_html = web.api("POST", "/api/threads/1/lint", body, headers={"HX-Request": "true"})
    assert as_html.status_code == 200
    assert as_html.headers["content-type"].startswith("text/html")
    assert "/100" in as_html.text and "<li" in as_html.text


def test_corrections_through_the_api(web: Web) -> None:
    ok(web.api("PUT", "/api/me", {"name": "Sam Okafor"}))
    aid = ok(web.api("POST", "/api/applications", {"company": "Quarry", "role": "R"}), 201)["id"]
    ok(
        web.api(
            "POST",
            f"/api/applications/{aid}/interviews",
            {"stage": "onsite", "when": "2026-11-10T14:00:00", "talking_points": ["pipelines"]},
        ),
        201,
    )
    rejection = ok(web.api("POST", f"/api/applications/{aid}/rejection", {"text": REJECTION}), 201)
    mid = rejection["message_id"]
    corrected = ok(web.api("PATCH", f"/api/messages/{mid}/correction", {"after_interview": False}))
    assert corrected["correction"] == {"after_interview": False, "kind": "rejection"}
    assert corrected["judgement"]["after_interview"] is False
    unknown = ok(web.api("PATCH", f"/api/messages/{mid}/correction", {"after_interview": None}))
    assert unknown["correction"]["after_interview"] is None
    refused = web.api("PATCH", f"/api/messages/{mid}/correction", {"category": "generic"})
    assert refused.status_code == 422 and "an email takes" in refused.json()["detail"]
    empty = web.api("PATCH", f"/api/messages/{mid}/correction", {})
    assert empty.status_code == 422

    tid = rejection["thread_id"]
    reply = ok(web.api("POST", f"/api/threads/{tid}/reply", {"text": GENERIC}), 201)
    rid = reply["message"]["id"]
    themed = ok(
        web.api(
            "PATCH", f"/api/messages/{rid}/correction", {"themes": ["communication", "leadership"]}
        )
    )
    assert themed["correction"] == {
        "themes": ["communication", "leadership"],
        "category": "actionable",
    }


def test_errors_are_one_line_of_json(web: Web) -> None:
    missing = web.api("GET", "/api/applications/42")
    assert missing.status_code == 404 and missing.json() == {"detail": "no application with id 42"}
    assert web.api("GET", "/api/threads/1/draft").status_code == 404
    assert web.api("GET", "/api/nothing-here").status_code == 404
    assert web.api("GET", "/api/nothing-here").json()["detail"]
    invalid = web.api("POST", "/api/applications", {"company": "", "role": "R"})
    assert invalid.status_code == 422
    assert invalid.json() == {"detail": "company: String should have at least 1 character"}
    huge = web.api("GET", "/api/applications/99999999999")
    assert huge.status_code == 422
    nul = web.api("POST", "/api/applications", {"company": "A\x00", "role": "R"})
    assert nul.status_code == 422
    far = web.api(
        "POST", "/api/applications", {"company": "A", "role": "R", "applied_on": "9999-12-31"}
    )
    assert far.status_code == 422


def test_a_step_out_of_order_is_a_409(web: Web) -> None:
    ok(web.api("PUT", "/api/me", {"name": "Sam Okafor"}))
    aid = ok(web.api("POST", "/api/applications", {"company": "Quarry", "role": "R"}), 201)["id"]
    tid = ok(web.api("POST", f"/api/applications/{aid}/rejection", {"text": REJECTION}), 201)[
        "thread_id"
    ]
    sent = {"step": "request", "channel": "email", "text": "Hi Lena, thank you..."}
    ok(web.api("POST", f"/api/threads/{tid}/sent", sent))
    early = web.api("POST", f"/api/threads/{tid}/close")
    assert early.status_code == 409 and "cannot close as no response" in early.json()["detail"]
    early = web.api("POST", f"/api/threads/{tid}/answer", {"outcome": "not_now"})
    assert early.status_code == 409 and "waiting for an answer" in early.json()["detail"]


def test_a_screening_rejection_can_be_closed_and_then_refuses_steps(web: Web) -> None:
    aid = ok(web.api("POST", "/api/applications", {"company": "Quarry", "role": "R"}), 201)["id"]
    tid = ok(web.api("POST", f"/api/applications/{aid}/rejection", {"text": REJECTION}), 201)[
        "thread_id"
    ]
    assert ok(web.api("POST", f"/api/threads/{tid}/close"))["state"] == "closed"
    again = web.api("POST", f"/api/threads/{tid}/close")
    assert again.status_code == 409 and "you chose not to ask" in again.json()["detail"]


def test_openapi_schema_and_the_docs_page(web: Web) -> None:
    schema = ok(web.get("/openapi.json"))
    paths = schema["paths"]
    assert "/api/threads/{thread_id}/draft" in paths
    assert not any(not p.startswith("/api/") for p in paths)  # pages stay out of the API
    docs = web.get("/docs")
    assert docs.status_code == 200
    assert "/api/threads/{thread_id}/reply" in docs.text and "X-CSRF-Token" in docs.text
    assert "cdn" not in docs.text.lower() and "swagger" not in docs.text.lower()
    assert web.get("/redoc").status_code == 404
