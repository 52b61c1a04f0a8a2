from sandbox.pipedrive.models import Person, Pipeline, Stage

READ_ONLY = (
    "'person_id' is a read-only field. Add a primary participant to set 'person_id' instead."
)


def test_deal_without_pipeline_or_stage_goes_to_first_stage_of_first_pipeline(api, company):
    data = api.post("/api/v2/deals", {"title": "T"}).json()["data"]
    sales = Pipeline.objects.get(company=company, name="Sales")
    assert data["pipeline_id"] == sales.id
    assert data["stage_id"] == Stage.objects.get(pipeline=sales, name="Lead In").id
    assert data["status"] == "open" and data["value"] == 0


def test_deal_with_pipeline_only_goes_to_its_lowest_order_stage(api, company):
    partners = Pipeline.objects.get(company=company, name="Partners")
    early = Stage.objects.create(pipeline=partners, name="Early bird", order_nr=0)
    data = api.post("/api/v2/deals", {"title": "T", "pipeline_id": partners.id}).json()["data"]
    assert data["stage_id"] == early.id


def test_deal_stage_implies_its_pipeline(api, company):
    partners = Pipeline.objects.get(company=company, name="Partners")
    signed = Stage.objects.get(pipeline=partners, name="Signed")
    sales = Pipeline.objects.get(company=company, name="Sales")
    body = {"title": "T", "stage_id": signed.id, "pipeline_id": sales.id}
    data = api.post("/api/v2/deals", body).json()["data"]
    assert (data["pipeline_id"], data["stage_id"]) == (partners.id, signed.id)


def test_deal_needs_a_title(api):
    response = api.post("/api/v2/deals", {"value": 5})
    assert response.status_code == 400


def test_deal_status_and_stage_moves(api, company):
    person = Person.objects.filter(company=company).first()
    deal = api.post("/api/v2/deals", {"title": "T", "person_id": person.id}).json()["data"]
    contacted = Stage.objects.get(pipeline_id=deal["pipeline_id"], name="Contacted")
    moved = api.patch(f"/api/v2/deals/{deal['id']}", {"stage_id": contacted.id}).json()["data"]
    assert moved["stage_id"] == contacted.id and moved["stage_change_time"]
    won = api.patch(f"/api/v2/deals/{deal['id']}", {"status": "won"}).json()["data"]
    assert won["won_time"] and won["close_time"] and won["lost_time"] is None
    listed = api.get("/api/v2/deals", person_id=person.id, status="won").json()["data"]
    assert [d["id"] for d in listed] == [deal["id"]]
    assert api.get("/api/v2/deals", status="nope").status_code == 400


def test_activity_refuses_person_id(api, company):
    person = Person.objects.filter(company=company).first()
    response = api.post("/api/v2/activities", {"subject": "Call", "person_id": person.id})
    assert response.status_code == 400
    assert response.json() == {"success": False, "error": READ_ONLY, "code": "ERR_BAD_REQUEST"}


def test_activity_links_person_through_primary_participant(api, company):
    person = Person.objects.filter(company=company).first()
    body = {
        "subject": "Call back",
        "type": "task",
        "due_date": "2026-02-01",
        "participants": [{"person_id": person.id, "primary": True}],
    }
    created = api.post("/api/v2/activities", body).json()["data"]
    assert created["person_id"] == person.id and created["done"] is False
    assert created["marked_as_done_time"] is None
    done = api.patch(f"/api/v2/activities/{created['id']}", {"done": True}).json()["data"]
    assert done["done"] is True and done["marked_as_done_time"]
    listed = api.get("/api/v2/activities", person_id=person.id, done="true").json()["data"]
    assert created["id"] in [a["id"] for a in listed]
    assert api.get("/api/v2/activities", done="1").status_code == 400


def test_activity_type_must_exist(api):
    response = api.post("/api/v2/activities", {"subject": "S", "type": "carrier_pigeon"})
    assert response.status_code == 400


def test_pipelines_and_stages(api, company):
    pipelines = api.get("/api/v2/pipelines").json()["data"]
    assert [p["name"] for p in pipelines] == ["Sales", "Partners"]
    stages = api.get("/api/v2/stages", pipeline_id=pipelines[1]["id"], sort_by="order_nr")
    assert [s["name"] for s in stages.json()["data"]] == ["Prospect", "Qualified", "Signed"]


def test_activity_types_are_listed(api):
    keys = [t["key_string"] for t in api.get("/api/v1/activityTypes").json()["data"]]
    assert keys == ["call", "meeting", "task", "deadline", "email"]


def test_notes_create_and_list(api, company):
    person = Person.objects.filter(company=company).first()
    created = api.post("/api/v1/notes", {"content": "<p>Hi</p>", "person_id": person.id})
    assert created.json()["data"]["person"] == {"name": person.name}
    listed = api.get("/api/v1/notes", person_id=person.id).json()
    assert [n["content"] for n in listed["data"]] == ["<p>Hi</p>"]
    assert api.post("/api/v1/notes", {"content": "orphan"}).status_code == 400
