//! What a sentence reports against what it recalls: looting, bombing by a
//! state, the grievance of a protest, "since" clauses and cooperation told
//! as context. The sentences are invented (the towns of Velmora and
//! Portavel, real countries as actors).

mod common;

use tidings_model::Event;

/// Codes a one-paragraph article published on 2026-03-06.
fn code(body: &str) -> Vec<Event> {
    common::code_article(&common::one_paragraph(
        body,
        Some("Wire report"),
        Some("2026-03-06"),
    ))
}

/// (CAMEO code, source code) of every event.
fn coded(events: &[Event]) -> Vec<(String, Option<String>)> {
    events
        .iter()
        .map(|e| {
            (
                e.cameo.clone(),
                e.source.as_ref().and_then(|a| a.code.clone()),
            )
        })
        .collect()
}

#[test]
fn looting_destroys_property_and_a_crowd_looting_riots() {
    let events = code("Hundreds of youths looted foreign-owned shops in Velmora on Monday night.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c == "1712"), "{codes:?}");
    assert!(!codes.iter().any(|(c, _)| c.starts_with("14")), "{codes:?}");

    let events = code("Protesters looted shops near the parliament in Portavel on Tuesday.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c == "145"), "{codes:?}");
}

#[test]
fn a_state_bombing_is_military_force_and_a_militant_one_is_a_bombing() {
    let events = code("Israel bombed a weapons depot near Damascus on Tuesday, its jets flying low over the valley.");
    let codes = coded(&events);
    assert!(
        codes.contains(&("195".to_string(), Some("ISR".to_string()))),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|(c, _)| c.starts_with("183")),
        "{codes:?}"
    );

    let events = code("Ethiopia bombed rebel positions outside Velmora on Tuesday.");
    let codes = coded(&events);
    assert!(
        codes
            .iter()
            .any(|(c, s)| c == "190" && s.as_deref() == Some("ETH")),
        "{codes:?}"
    );

    let events = code("Militants bombed a bus station in Velmora on Tuesday, police said.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c == "183"), "{codes:?}");
}

#[test]
fn the_grievance_of_a_protest_is_no_new_arrest() {
    let events = code(
        "Hundreds of demonstrators marched through Velmora on Sunday protesting against the prolonged detention of three opposition leaders.",
    );
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c.starts_with("14")), "{codes:?}");
    assert!(!codes.iter().any(|(c, _)| c.starts_with("17")), "{codes:?}");

    // Not a grievance: the detention is the news.
    let events = code("Police in Velmora detained three opposition leaders on Sunday.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c == "173"), "{codes:?}");
}

#[test]
fn a_since_clause_is_background() {
    let events = code(
        "Fighting has been rare in the north of Velmora since the army withdrew its troops from the border towns.",
    );
    let codes = coded(&events);
    assert!(!codes.iter().any(|(c, _)| c.starts_with("08")), "{codes:?}");

    let events = code("The army withdrew its troops from the border towns of Velmora on Friday.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c.starts_with("08")), "{codes:?}");
}

#[test]
fn people_seized_are_hostages_or_arrested() {
    let events = code("Militants seized three aid workers at a checkpoint near Velmora on Monday.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c == "181"), "{codes:?}");
    assert!(!codes.iter().any(|(c, _)| c == "171"), "{codes:?}");

    let events =
        code("Police seized two opposition activists outside the court in Portavel on Monday.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c == "173"), "{codes:?}");

    // Weapons seized stay property seized.
    let events = code("Soldiers seized rifles and ammunition from a farmhouse near Velmora.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c.starts_with("171")), "{codes:?}");
}

#[test]
fn bombs_dismantled_are_no_bombing_and_demonstrators_shot_dead_are_repressed() {
    let events = code("Soldiers dismantled two roadside bombs on the highway outside Velmora.");
    let codes = coded(&events);
    assert!(!codes.iter().any(|(c, _)| c.starts_with("18")), "{codes:?}");

    let events = code("Security forces shot dead four demonstrators in the capital of Portavel.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c == "175"), "{codes:?}");
}

#[test]
fn cooperation_told_around_an_act_is_context() {
    // The show of force is the news; the visit it followed is context.
    let events = code("China put its forces on high alert and sent warships toward Taiwan after the visit of the delegation.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c.starts_with("15")), "{codes:?}");
    assert!(!codes.iter().any(|(c, _)| c.starts_with("04")), "{codes:?}");

    // A visit as the news is kept.
    let events = code("A Chinese delegation visited Taiwan on Monday.");
    let codes = coded(&events);
    assert!(codes.iter().any(|(c, _)| c.starts_with("04")), "{codes:?}");
}

#[test]
fn talks_named_by_a_noun_need_someone_holding_them() {
    let events =
        code("Peace talks with the rebels are the only way out, a columnist wrote on Friday.");
    let codes = coded(&events);
    assert!(!codes.iter().any(|(c, _)| c.starts_with("04")), "{codes:?}");

    let events = code("Ethiopia's talks with the rebels resumed in Nairobi on Friday.");
    let codes = coded(&events);
    assert!(
        codes
            .iter()
            .any(|(c, s)| c.starts_with("04") && s.as_deref() == Some("ETH")),
        "{codes:?}"
    );
}

#[test]
fn a_cricket_result_is_no_fight() {
    let events = code("Pakistan beat England by four wickets in Lahore on Sunday.");
    let codes = coded(&events);
    assert!(codes.is_empty(), "{codes:?}");
}
