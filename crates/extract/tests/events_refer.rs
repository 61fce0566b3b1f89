//! Who pronouns and definite descriptions name in whole articles, and
//! names that look like countries and are not. The articles are invented
//! (the town of Velmora, invented private people, real countries and
//! leaders as actors).

mod common;

use tidings_model::Event;

/// Codes an article of one paragraph published on 2026-03-06.
fn code(body: &str) -> Vec<Event> {
    common::code_article(&common::one_paragraph(
        body,
        Some("Regional news"),
        Some("2026-03-06"),
    ))
}

fn code_of(actor: Option<&tidings_model::Actor>) -> Option<&str> {
    actor?.code.as_deref()
}

/// (PLOVER, CAMEO, source code, target code) of every event.
fn summary(events: &[Event]) -> Vec<(String, String, Option<String>, Option<String>)> {
    events
        .iter()
        .map(|e| {
            (
                e.plover.clone(),
                e.cameo.clone(),
                code_of(e.source.as_ref()).map(str::to_string),
                code_of(e.target.as_ref()).map(str::to_string),
            )
        })
        .collect()
}

/// The events of this PLOVER type whose sentence holds `words`.
fn in_sentence<'e>(events: &'e [Event], body: &str, words: &str, plover: &str) -> Vec<&'e Event> {
    events
        .iter()
        .filter(|e| e.plover == plover && body[e.span.start..e.span.end].contains(words))
        .collect()
}

#[test]
fn he_is_the_person_named_in_a_sentence_before() {
    // The first sentence codes no event: "he" is found by its mention.
    let body = "Russian President Vladimir Putin spent the weekend at his residence near Sochi. \
                On Tuesday he accused Ukraine of sabotaging a gas pipeline.";
    let events = code(body);
    let found = in_sentence(&events, body, "sabotaging", "ACCUSE");
    assert!(
        found
            .iter()
            .any(|e| code_of(e.source.as_ref()) == Some("RUSGOV")
                && code_of(e.target.as_ref()) == Some("UKR")),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn a_pronoun_for_a_private_person_names_no_one_else() {
    // "He" is the shopkeeper, whom the coder cannot code: never Putin.
    let body = "Russian President Vladimir Putin visited Ankara on Monday. \
                Ivo Marren, a shopkeeper from Velmora, watched the motorcade from a cafe. \
                He accused Turkey of closing the border crossing.";
    let events = code(body);
    let found = in_sentence(&events, body, "closing the border", "ACCUSE");
    assert!(
        found.iter().all(|e| code_of(e.source.as_ref()).is_none()),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn she_is_not_a_man_named_nearer() {
    let body = "Russian President Vladimir Putin met Mrs. Ana Velmor, a teacher from Velmora, \
                in Moscow last year. She accused Russia of jailing her brother.";
    let events = code(body);
    // "She" is the teacher, whom the coder cannot code: the accusation
    // has no source it can name and is dropped, never Putin's.
    let found = in_sentence(&events, body, "jailing", "ACCUSE");
    assert!(
        found
            .iter()
            .all(|e| code_of(e.source.as_ref()) != Some("RUSGOV")),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn him_as_object_is_the_person_named_before() {
    let body = "Russian President Vladimir Putin arrived in Ankara on Monday. \
                Turkish President Recep Tayyip Erdogan criticised him over the war.";
    let events = code(body);
    let found = in_sentence(&events, body, "criticised him", "ACCUSE");
    assert!(
        found
            .iter()
            .any(|e| code_of(e.source.as_ref()) == Some("TURGOV")
                && code_of(e.target.as_ref()) == Some("RUSGOV")),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn it_is_no_group_of_people_named_before_it() {
    // "it" is the vaccine: not the doctors, not Russia.
    let body = "Russia sent a new vaccine to Belarus last week. It caused a rash, and doctors \
                said it hurt the Belarusian army more than the virus did.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| !(e.plover == "ASSAULT" && e.source.is_some())),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn the_ministry_is_the_ministry_named_before() {
    let body = "Kenya's Ministry of Health sent a team of doctors to Uganda on Monday. \
                The ministry also promised to send medicine to Uganda.";
    let events = code(body);
    let found: Vec<&Event> = events
        .iter()
        .filter(|e| body[e.span.start..e.span.end].contains("also promised"))
        .collect();
    assert!(!found.is_empty(), "{:#?}", summary(&events));
    assert!(
        found
            .iter()
            .all(|e| code_of(e.source.as_ref()) == Some("KENGOV")),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn a_person_named_jordan_is_not_jordan() {
    let body = "Basketball legend Michael Jordan criticised the Chicago city council on Monday. \
                Jordan accused the council of neglecting public courts.";
    let events = code(body);
    assert!(
        events.iter().all(|e| {
            code_of(e.source.as_ref()).is_none_or(|c| !c.starts_with("JOR"))
                && code_of(e.target.as_ref()).is_none_or(|c| !c.starts_with("JOR"))
        }),
        "{:#?}",
        summary(&events)
    );
    // The country is still the country.
    let body = "Jordan accused Israel of violating the ceasefire on Monday.";
    let events = code(body);
    assert!(
        events
            .iter()
            .any(|e| code_of(e.source.as_ref()).is_some_and(|c| c.starts_with("JOR"))),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn georgia_beside_atlanta_is_the_state() {
    let body = "Protesters marched through Atlanta on Monday. \
                Georgia accused the federal government of ignoring the floods.";
    let events = code(body);
    let actors: Vec<&str> = events
        .iter()
        .flat_map(|e| [code_of(e.source.as_ref()), code_of(e.target.as_ref())])
        .flatten()
        .collect();
    assert!(
        !actors.iter().any(|c| c.starts_with("GEO")),
        "{:#?}",
        summary(&events)
    );
    let body = "Georgia accused Russia of moving troops toward Tbilisi on Monday.";
    let events = code(body);
    assert!(
        events
            .iter()
            .any(|e| code_of(e.source.as_ref()).is_some_and(|c| c.starts_with("GEO"))),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn aides_are_people_not_aid() {
    let body = "Aides to President Emmanuel Macron said on Monday that the budget would grow. \
                White House aides said the plan was ready.";
    let events = code(body);
    assert!(
        events.iter().all(|e| e.plover != "AID"),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn she_is_the_woman_named_by_her_given_name() {
    // Both are named in the sentence; "she" is Linda Baerbock's, not
    // Macron's, though he is named nearer.
    let body =
        "Foreign Minister Linda Baerbock of Germany met President Emmanuel Macron in Paris, \
                and she criticised Russia over the war.";
    let events = code(body);
    let found = in_sentence(&events, body, "criticised Russia", "ACCUSE");
    assert!(
        found
            .iter()
            .all(|e| code_of(e.source.as_ref()).is_none_or(|c| !c.starts_with("FRA"))),
        "{:#?}",
        summary(&events)
    );
}

#[test]
fn declining_to_comment_rejects_nobody() {
    for body in [
        "The Velmoran Foreign Ministry declined to comment on the report.",
        "Turkish officials refused all comment on Monday.",
        "A spokesman for the Egyptian army declined to give details of the operation.",
        "Russian officials declined to specify the nature of the evidence.",
    ] {
        let events = code(body);
        assert!(
            events.iter().all(|e| e.plover != "REJECT"),
            "{body}\n{:#?}",
            summary(&events)
        );
    }
    // A refusal of something else stays one.
    let body = "Turkey refused to sign the agreement with Russia on Monday.";
    let events = code(body);
    assert!(
        events.iter().any(|e| e.plover == "REJECT"),
        "{body}\n{:#?}",
        summary(&events)
    );
}

/// Asserts that no event of `body` (of this PLOVER type, if given) has a
/// source whose code starts with one of `countries`.
fn no_source_from(body: &str, plover: Option<&str>, countries: &[&str]) {
    let events = code(body);
    assert!(
        events
            .iter()
            .filter(|e| plover.is_none_or(|p| e.plover == p))
            .all(|e| code_of(e.source.as_ref())
                .is_none_or(|c| !countries.iter().any(|country| c.starts_with(country)))),
        "{body}\n{:?}",
        summary(&events)
    );
}

/// Phrases near a verb that are not its subject: the place after a
/// violent act's noun, a capital after a preposition of time, the noun
/// before a reduced passive, an oblique mention before "it", an empty
/// "it".
#[test]
fn phrases_that_are_not_the_subject() {
    let body = "A blast at a market in neighbouring Kenya killed 12 people on Sunday.";
    let events = code(body);
    let killed: Vec<_> = events.iter().filter(|e| e.cameo == "1823").collect();
    assert!(!killed.is_empty(), "{:?}", summary(&events));
    for e in &killed {
        assert_eq!(
            code_of(e.source.as_ref()),
            Some("KENUAF"),
            "{:?}",
            summary(&events)
        );
    }

    let body =
        "The ferries were built during the Cold War to carry troops across the strait to Greece.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| e.source.as_ref().is_none_or(|a| a.text != "Cold")),
        "{:?}",
        summary(&events)
    );

    let body = "Police in Velmora said the banker accused of funding the rebels had fled to Sudan.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| e.plover != "ACCUSE" || e.source.as_ref().is_none_or(|a| a.text != "banker")),
        "{:?}",
        summary(&events)
    );

    // A building before the noun of a violent act is what was hit, and
    // "which" after that act's places is the act, not the places.
    no_source_from(
        "Kenya accused the warlord of planning the Aug. 7 embassy bombings in Tanzania and Uganda, which killed 224 people.",
        None,
        &["TZA", "UGA"],
    );
    no_source_from(
        "Police detained three men in connection with the U.S. Embassy bombing in Kampala, which killed 12 people.",
        Some("ASSAULT"),
        &["USA", "UGA"],
    );
    no_source_from(
        "The Ugandan embassy bombing killed 10 people and injured 70.",
        Some("ASSAULT"),
        &["UGA"],
    );
    no_source_from(
        "Investigators linked the warlord to the U.S. embassy bombings in Africa.",
        Some("ASSAULT"),
        &["USA"],
    );

    let body =
        "Turkey has held the north of Cyprus since 1974, when it invaded the island after a coup.";
    let events = code(body);
    let invaded: Vec<_> = events
        .iter()
        .filter(|e| e.cameo.starts_with("19"))
        .collect();
    assert!(!invaded.is_empty(), "{:?}", summary(&events));
    assert!(
        invaded
            .iter()
            .all(|e| code_of(e.source.as_ref()).is_some_and(|c| c.starts_with("TUR"))),
        "{:?}",
        summary(&events)
    );
}

/// "between X and Y" names both sides of a meeting or a clash, whoever
/// mentions it; the possessive of an act done to someone names who
/// suffers it ("the envoy's expulsion"), unless "of" names that ("Kenya's
/// arrest of the suspects").
#[test]
fn sides_named_by_between_and_by_a_possessive() {
    let body = "The fighting came amid faltering talks between Turkish and Russian officials on a ceasefire.";
    let events = code(body);
    let talks: Vec<_> = events
        .iter()
        .filter(|e| e.cameo.starts_with("04"))
        .collect();
    assert_eq!(talks.len(), 1, "{:?}", summary(&events));
    assert_eq!(code_of(talks[0].source.as_ref()), Some("TURGOV"));
    assert_eq!(code_of(talks[0].target.as_ref()), Some("RUSGOV"));

    let body = "Kenya is offering a reward for information leading to the warlord's arrest.";
    let events = code(body);
    assert!(
        events
            .iter()
            .filter(|e| e.plover == "COERCE")
            .all(|e| e.source.as_ref().is_none_or(|a| a.text != "warlord")),
        "{:?}",
        summary(&events)
    );

    let body = "Kenya's arrest of the suspects drew praise from Washington.";
    let events = code(body);
    let arrests: Vec<_> = events.iter().filter(|e| e.cameo == "173").collect();
    assert!(!arrests.is_empty(), "{:?}", summary(&events));
    assert!(arrests
        .iter()
        .all(|e| code_of(e.source.as_ref()) == Some("KEN")));
}

/// The source text of every event of this PLOVER type.
fn source_texts(events: &[Event], plover: &str) -> Vec<String> {
    events
        .iter()
        .filter(|e| e.plover == plover)
        .filter_map(|e| e.source.as_ref().map(|a| a.text.clone()))
        .collect()
}

/// "called X ``Y''", "called the plan a disaster": a name or a quality
/// given, no telephone call; "called X on Tuesday to discuss" still is one.
#[test]
fn calling_something_a_name_is_no_call() {
    for body in [
        "Kenyan President William Ruto called the Ugandan rebels ``bandits who must be stopped.''",
        "The Ugandan foreign minister called Kenya's offer ``too little, too late.''",
        "President Ruto called the return of 300 refugees a success for Kenya.",
    ] {
        let events = code(body);
        assert!(
            events.iter().all(|e| !e.cameo.starts_with("04")),
            "{body}\n{:?}",
            summary(&events)
        );
    }
    let body = "Kenyan President William Ruto called Ugandan President Yoweri Museveni on Tuesday.";
    let events = code(body);
    assert!(
        events.iter().any(|e| e.cameo == "041"
            && code_of(e.source.as_ref()) == Some("KENGOV")
            && code_of(e.target.as_ref()) == Some("UGAGOV")),
        "{:?}",
        summary(&events)
    );
}

/// A capitalised word the tagger did not take is a name only among other
/// capitals: a title ("Ms."), a month ("Dec."), a compound with a
/// lower-case part ("Velmora-based") or a lone common word set in capitals
/// is not the source.
#[test]
fn a_lone_capital_or_a_title_is_no_actor() {
    let body = "In an interview broadcast on Monday, Ms. Okafor asked the Kenyan governor to spare her brother.";
    let events = code(body);
    let texts = source_texts(&events, "REQUEST");
    assert!(
        !texts.is_empty() && texts.iter().all(|t| t != "Ms."),
        "{:?}",
        events
            .iter()
            .map(|e| (&e.cameo, e.source.as_ref().map(|a| &a.text)))
            .collect::<Vec<_>>()
    );
    let body = "The Senate dismissed the charges Dec. 13, 1926, at the request of House managers.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| e.source.as_ref().is_none_or(|a| a.text != "Dec.")),
        "{:?}",
        summary(&events)
    );
    let body =
        "NAIROBI, May 4 (Velnews) -- Velmora-based charities urged Kenya to open the border.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| e.source.as_ref().is_none_or(|a| a.text != "Velmora-based")),
        "{:?}",
        summary(&events)
    );
}

/// "called X on Tuesday to discuss": the caller discusses; "urged X to
/// stop": X stops; "Ruto's decision to send troops": Ruto sends them.
#[test]
fn who_does_an_infinitives_deed() {
    let body = "Kenyan President William Ruto called Ugandan President Yoweri Museveni on Tuesday to discuss the border.";
    let events = code(body);
    let discuss = in_sentence(&events, body, "discuss", "CONSULT");
    assert!(
        discuss
            .iter()
            .filter(|e| e.cameo == "040")
            .all(|e| code_of(e.source.as_ref()) == Some("KENGOV")),
        "{:?}",
        summary(&events)
    );
    let body = "Thousands of Kenyans rallied around President William Ruto's decision to send troops to Somalia.";
    let events = code(body);
    assert!(
        events
            .iter()
            .filter(|e| e.plover == "MOBILIZE" || e.cameo.starts_with("1"))
            .all(|e| code_of(e.source.as_ref()) != Some("KEN")),
        "{:?}",
        summary(&events)
    );
}

/// "released the report to Congress": the verb's object is the report,
/// so the actor after "to" was not released; "the attorneys general" are
/// lawyers, not generals.
#[test]
fn an_actor_after_a_common_noun_object_is_not_the_object() {
    let body = "Federal officials released the report to Congress on Tuesday.";
    let events = code(body);
    assert!(
        events.iter().all(|e| !e.cameo.starts_with("084")),
        "{:?}",
        summary(&events)
    );
    let body = "Kenyan police released two detained journalists on Tuesday.";
    let events = code(body);
    assert!(
        events.iter().any(|e| e.cameo.starts_with("084")),
        "{:?}",
        summary(&events)
    );
    let body = "Twenty state attorneys general sued the Velmora Tobacco Company on Monday.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| code_of(e.source.as_ref()).is_none_or(|c| !c.ends_with("MIL"))),
        "{:?}",
        summary(&events)
    );
}

/// "since Friday's bombing, which killed 247": the act killed, not the
/// country named before it; "launched an attack that destroyed a factory":
/// the one who launched it. "the Nairobi bombing": a city before the act
/// is where it happened, not its government.
#[test]
fn an_act_and_its_city_are_no_doers() {
    no_source_from(
        "The arrests were the first in Kenya since Friday's bombing, which killed 247 people.",
        None,
        &["KEN"],
    );
    let body = "Ugandan forces launched a rocket attack that destroyed a Kenyan border post.";
    let events = code(body);
    assert!(
        events.iter().any(|e| e.plover == "ASSAULT"
            && code_of(e.source.as_ref()).is_some_and(|c| c.starts_with("UGA"))),
        "{:?}",
        summary(&events)
    );
    let body = "The suspect told investigators he had information on the Nairobi bombing.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| code_of(e.source.as_ref()).is_none_or(|c| c != "KENGOV" && c != "KEN")),
        "{:?}",
        summary(&events)
    );
}

/// "ordered the arrest of X", "ordered air strikes on X": an ordered deed,
/// named as a noun, is the deed of whoever ordered it; "ordered X to
/// withdraw" is still a demand made of X.
#[test]
fn an_ordered_deed_is_the_orderers_deed() {
    let body = "Kenyan President William Ruto ordered the arrest of the Ugandan opposition leader.";
    let events = code(body);
    assert!(
        events
            .iter()
            .any(|e| e.cameo.starts_with("17") && code_of(e.source.as_ref()) == Some("KENGOV"))
            && events.iter().all(|e| !e.cameo.starts_with("10")),
        "{:?}",
        summary(&events)
    );
    let body = "Kenyan President William Ruto ordered Uganda to withdraw its troops.";
    let events = code(body);
    assert!(
        events
            .iter()
            .any(|e| e.cameo.starts_with("105") && code_of(e.target.as_ref()) == Some("UGA")),
        "{:?}",
        summary(&events)
    );
}

/// A place after "in"/"near" a noun is where the noun is, not what "who",
/// "which" or "that" refer to: "the rebels in Chechnya, who attacked" are
/// the rebels; "the crash near Paris that killed" was nobody's act. "in
/// general" is no officer.
#[test]
fn a_relative_clause_refers_past_a_place() {
    let body =
        "The rebels in Chechnya, who attacked Russian troops on Monday, fled into the mountains.";
    let events = code(body);
    assert!(
        events
            .iter()
            .any(|e| e.plover == "ASSAULT" && code_of(e.source.as_ref()) == Some("RUSREB")),
        "{:?}",
        summary(&events)
    );
    no_source_from(
        "Kenya Airways grounded its planes after the crash near Nairobi that killed 113 people.",
        None,
        &["KEN"],
    );
    let body =
        "About 400 Kenyans occupied the ministry in Nairobi to protest against poverty in general.";
    let events = code(body);
    assert!(
        events
            .iter()
            .all(|e| code_of(e.target.as_ref()).is_none_or(|c| !c.ends_with("MIL"))),
        "{:?}",
        summary(&events)
    );
}

/// A participle with its "by" agent after a phrase of time or place, or set
/// off by commas, acts on the noun before it: "a Kenyan village raided
/// last week by Ugandan troops", "the Kenyan embassy, attacked on Monday by
/// Ugandan rebels, was closed".
#[test]
fn a_participle_with_a_late_agent_acts_on_the_noun_before() {
    for (body, source, target) in [
        (
            "A Kenyan village raided last week by Ugandan troops was empty.",
            "UGAMIL",
            "KEN",
        ),
        (
            "The Kenyan embassy, attacked on Monday by Ugandan rebels, was closed.",
            "UGAREB",
            "KEN",
        ),
        (
            "Chemists examined samples from a Kenyan plant destroyed in August by Ugandan missiles.",
            "UGA",
            "KEN",
        ),
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| code_of(e.source.as_ref()) == Some(source)
                && code_of(e.target.as_ref()) == Some(target)),
            "{body}\n{:?}",
            summary(&events)
        );
    }
}
