//! Event coding: who did what to whom, when and where, in PLOVER and CAMEO
//! with GDELT-style actor codes.
//!
//! How a sentence is coded:
//!
//! 1. [`chunk`] gives every token a lemma, a form and a word class.
//! 2. [`actors`] marks the words that name actors (entities from the
//!    language layer, the gazetteer, role and group words, and the people,
//!    institutions and groups of `data/petrarch/actors.tsv` with the code
//!    valid at the publication date, [`dated`]).
//! 3. The verb patterns of `patterns/` ([`patterns`]) are matched by lemma;
//!    overlapping matches give way to the one with more elements. A
//!    sentence none of them codes is tried with the patterns converted from
//!    PETRARCH2 (`data/petrarch/verbs.txt`, [`petrarch`]); their events need
//!    a source the coder can name.
//! 4. Each content match becomes an event, changed by the governor before
//!    it ("offered to mediate" → AGREE 039, "urged X to negotiate" →
//!    REQUEST 106, "threatened to strike" → THREATEN 1384) or by its verb
//!    group ("will attack" → THREATEN; "may attack" → nothing; "did not
//!    agree" → REJECT; "did not attack" → nothing); denials and speculation
//!    drop it, reported speech is looked through ("X said Y attacked Z" is
//!    Y attacking Z).
//! 5. The source is the subject of the verb group (a participle or a
//!    coordinated verb takes the subject of the verb before; a pronoun or a
//!    definite description the actor mentioned before it in the article,
//!    [`refer`], and a pronoun for someone the coder cannot name leaves a
//!    verbal event without a source, so it is dropped), or for a noun
//!    ("Israeli airstrikes") its modifier;
//!    the target is the first actor after the trigger in the same clause.
//!    A passive swaps them ("Iran was attacked by Israel"); an obligation
//!    in reported speech ("X said Y must …") is X's request of Y.
//! 6. An actor without a country (a leader named by role, a group the
//!    gazetteer lacks) takes the country of the event's place, else of the
//!    other actor, else the first country the sentence names; a name in
//!    apposition takes the country of the noun group before it.
//!
//! [`event_key`] names the happening an event reports, for merging the same
//! event across articles; [`score`] reimplements the PLOVER scorer of
//! `shared/tools/score_events.py`.

mod actors;
pub mod case;
mod chunk;
mod code;
mod context;
mod dated;
mod lemma;
mod patterns;
pub mod petrarch;
mod prose;
mod refer;
pub mod score;
mod sense;
pub mod signals;

pub use signals::Signals;

/// The PLOVER event types the coder gives (every one has patterns in `patterns/`).
pub const PLOVER_TYPES: [&str; 16] = [
    "ACCUSE",
    "AGREE",
    "AID",
    "ASSAULT",
    "COERCE",
    "CONCEDE",
    "CONSULT",
    "COOPERATE",
    "MOBILIZE",
    "PROTEST",
    "REJECT",
    "REQUEST",
    "RETREAT",
    "SANCTION",
    "SUPPORT",
    "THREATEN",
];

use tidings_model::{Actor, Annotations, Article, DateSource, Event, Span};
use tidings_nlp::Gazetteer;

use crate::error::Result;
use actors::{actors_in, cues, phrase_around, Cue, Sectors};
use chunk::{group, group_start, is_boundary, is_passive, is_verb_at, verb_before, Class, Word};
use code::{Derivation, TableTexts, Tables};
use lemma::{Form, Lemmatiser};
use patterns::{PatternTexts, Patterns, Role};

/// The event coder: pattern dictionaries and coding tables, loaded once and
/// shared (it is only read).
#[derive(Debug, Clone)]
pub struct EventCoder {
    tables: Tables,
    patterns: Patterns,
    lemmatiser: Lemmatiser,
    dictionary_lemmas: Lemmatiser,
    sectors: Sectors,
}

/// Most words between a governor and the event it governs.
const GOVERNOR_REACH: usize = 8;
/// Most words scanned for an object.
const OBJECT_REACH: usize = 14;
/// Most words after its anchor where a converted pattern's first word is
/// looked for.
const DICTIONARY_REACH: usize = 16;

impl EventCoder {
    /// The coder with the patterns and tables embedded in the crate.
    pub fn bundled() -> Result<EventCoder> {
        let tables = Tables::parse(&TableTexts::bundled())?;
        let patterns = Patterns::parse(&PatternTexts::bundled(), &tables)?;
        let lemmatiser = Lemmatiser::new(
            patterns.words(false).chain(sense::vocabulary()),
            patterns.verbs(false),
        );
        // The converted dictionary's words and verbs lemmatise its patterns
        // only: the chunker and our patterns see our own words.
        let dictionary_lemmas = Lemmatiser::new(patterns.words(true), patterns.verbs(true))
            .with_forms(include_str!("../../data/petrarch/forms.tsv"));
        let sectors = Sectors::parse(
            include_str!("../../data/sectors.tsv"),
            include_str!("../../data/names.tsv"),
        )?
        .with_actors(include_str!("../../data/petrarch/actors.tsv"))?;
        Ok(EventCoder {
            tables,
            patterns,
            lemmatiser,
            dictionary_lemmas,
            sectors,
        })
    }

    /// Codes every sentence of an article. Events carry sentence index,
    /// sentence span, trigger span, resolved date and where it comes from
    /// (see [`event_date`]),
    /// place (a location mention in the sentence after in/at/near) and
    /// confidence.
    pub fn code(
        &self,
        article: &Article,
        annotations: &Annotations,
        gazetteer: &Gazetteer,
    ) -> Vec<Event> {
        self.code_with_signals(article, annotations, gazetteer)
            .into_iter()
            .map(|(event, _)| event)
            .collect()
    }

    /// Like [`EventCoder::code`], with the signals each event's confidence
    /// was computed from (for calibrating it: `tidings eval events --out`
    /// writes them).
    pub fn code_with_signals(
        &self,
        article: &Article,
        annotations: &Annotations,
        gazetteer: &Gazetteer,
    ) -> Vec<(Event, Signals)> {
        let mut events = Vec::new();
        let mut last_subject: Vec<Actor> = Vec::new();
        let mut after_disaster = false;
        let mut force_before = false;
        let mut previous_span: Option<Span> = None;
        let mut pair_before: Option<(Actor, Actor)> = None;
        let mut discourse = refer::Discourse::new(&article.text, annotations);
        let us_state = actors::georgia_is_a_state(&article.text);
        let published = article
            .published
            .as_ref()
            .map(|p| dated::day_number(p.date()));
        for (index, sentence) in annotations.sentences.iter().enumerate() {
            let words = chunk::words(&article.text, &sentence.tokens, &self.lemmatiser);
            if words.is_empty() {
                continue;
            }
            let cues = cues(
                &words,
                index,
                annotations,
                gazetteer,
                &self.sectors,
                published,
                us_state,
            );
            let here = discourse.referents(&article.text, &words, &cues, annotations);
            let context = Sentence {
                text: &article.text,
                words: &words,
                cues: &cues,
                index,
                span: sentence.span,
                disaster: std::cell::OnceCell::new(),
                sport: std::cell::OnceCell::new(),
                after_disaster,
                pair_before: pair_before.clone(),
                here: &here,
                discourse: &discourse,
                unnamed: std::cell::Cell::new(false),
            };
            let before = events.len();
            self.code_sentence(&context, article, annotations, &last_subject, &mut events);
            // "clashed …, killing six", "six were killed in the shelling":
            // the dead and wounded of an act of force are its result, not
            // a second event (CAMEO codes the act).
            let force_here = events[before..]
                .iter()
                .any(|(e, _)| sense::act_of_force(&e.cameo));
            // "... rebels attacked a police post. Two officers died and
            // ten rebels were killed": the dead of the battle just told.
            let same_paragraph = previous_span.is_some_and(|p: Span| {
                article
                    .paragraphs
                    .iter()
                    .any(|par| par.start <= p.start && par.end >= sentence.span.end)
            });
            let force_near = force_here || (force_before && same_paragraph);
            force_before = force_here;
            previous_span = Some(sentence.span);
            if force_near {
                let mut k = before;
                while k < events.len() {
                    let trigger = events[k].0.trigger;
                    let casualty = words
                        .iter()
                        .find(|w| w.span.start >= trigger.start && w.span.end <= trigger.end)
                        .is_some_and(|w| sense::casualty(&w.lemma));
                    if casualty
                        && events[k].0.cameo.starts_with("18")
                        && !sense::act_of_force(&events[k].0.cameo)
                    {
                        events.remove(k);
                    } else {
                        k += 1;
                    }
                }
            }
            merge_told_twice(&mut events, before);
            if let Some(source) = events[before..]
                .iter()
                .rev()
                .find_map(|(e, _)| e.source.clone())
            {
                last_subject = vec![source];
            }
            if let Some(pair) = events[before..].iter().rev().find_map(|(e, _)| {
                e.source
                    .clone()
                    .zip(e.target.clone())
                    .filter(|(a, b)| a.code.is_some() && b.code.is_some() && a.code != b.code)
            }) {
                pair_before = Some(pair);
            }
            after_disaster = context.disaster();
            discourse.push(here);
        }
        context::mark(article, annotations, &mut events);
        events
    }

    fn code_sentence(
        &self,
        s: &Sentence<'_, '_>,
        article: &Article,
        annotations: &Annotations,
        last_subject: &[Actor],
        out: &mut Vec<(Event, Signals)>,
    ) {
        let matches = self.matches(s);
        let mut governing = vec![false; matches.len()];
        let mut found: Vec<Found> = Vec::new();
        for (mi, m) in matches.iter().enumerate() {
            let pattern = &self.patterns.patterns[m.pattern];
            if pattern.role != Role::Content || self.alleged(s, &matches, mi) {
                continue;
            }
            // "if the army attacks", "whether they will strike": a
            // condition or a question names no act.
            if sense::in_condition(s.words, m.anchor) {
                continue;
            }
            // "militants backed by Ankara": a standing relation described,
            // not an act reported.
            if sense::state_participle(s.words, m.anchor) {
                continue;
            }
            // "hurled grenades at soldiers deployed in front of the
            // school": a participle after the object of another verb
            // describes where they stand.
            if sense::posted(&s.words[m.anchor])
                && m.anchor > 0
                && s.words[m.anchor - 1].class == Class::Word
                && s.cues[m.anchor - 1].is_some()
                && previous_finite_verb(s.words, m.anchor - 1)
                    .is_some_and(|v| !s.words[v + 1..m.anchor].iter().any(is_boundary))
            {
                continue;
            }
            // "bombs were found", "a cache of grenades": a weapon found or
            // held is no attack; "rockets slammed into", "a blast": no
            // criticism.
            if !is_verb_at(s.words, m.anchor) {
                let code = pattern.code.as_deref().unwrap_or("");
                // "dismantled two roadside bombs": the weapon word of a
                // longer pattern too.
                if code.starts_with("18")
                    && m.positions.iter().any(|&p| sense::weapon_held(s.words, p))
                {
                    continue;
                }
            }
            // "the council sanctioned the budget": to sanction a thing is to
            // approve it; only an actor is punished.
            if s.words[m.anchor].lemma == "sanction"
                && is_verb_at(s.words, m.anchor)
                && !(m.anchor + 1..(m.anchor + 5).min(s.words.len()))
                    .take_while(|&k| !is_boundary(&s.words[k]) && s.words[k].class != Class::Comma)
                    .any(|k| s.cues[k].is_some())
            {
                continue;
            }
            if pattern.code.as_deref().is_some_and(|c| c.starts_with("11"))
                && sense::physical_impact(s.words, m.anchor, is_verb_at(s.words, m.anchor))
            {
                continue;
            }
            let Some(content_code) = pattern.code.as_deref() else {
                continue;
            };
            // "told reporters by phone": the way something was said, no
            // call; "the court struck down the ordinance": a ruling (but
            // "was struck down by a sniper" is a killing).
            if sense::manner_word(s.words, m.anchor)
                || sense::meets_resistance(s.words, m.anchor)
                || (content_code.starts_with("13") && sense::threat_assessed(s.words, m.anchor))
                || (content_code.starts_with("172") && sense::banned_thing(s.words, m.anchor))
                || (content_code.starts_with("04")
                    && sense::call_not_phone(
                        s.words,
                        m.anchor,
                        is_verb_at(s.words, m.anchor),
                        |k| s.cues[k].is_some(),
                    ))
                || (s.words[m.anchor].lemma == "strike"
                    && s.words.get(m.anchor + 1).is_some_and(|w| w.lower == "down")
                    && !is_passive(s.words, m.anchor))
            {
                continue;
            }
            // "attack vessels", "riot police", "murder suspect": a noun
            // that modifies the noun after it names no event; "a heart
            // attack", "a shark attack": no political one.
            if m.positions.len() == 1
                && !is_verb_at(s.words, m.anchor)
                && (sense::noun_modifier(s.words, m.anchor, |k| s.cues[k].is_some())
                    || sense::bodily(s.words, m.anchor))
            {
                continue;
            }
            // "the nuclear test ban treaty", "a moratorium on executions"
            // aside, "an execution moratorium": what a ban is on did not
            // happen.
            if !is_verb_at(s.words, m.anchor)
                && s.words.get(m.end).is_some_and(|w| {
                    matches!(
                        w.lemma.as_str(),
                        "ban" | "moratorium" | "prohibition" | "freeze" | "halt"
                    )
                })
            {
                continue;
            }
            // "protesting against the detention of X": the grievance of
            // a protest is recalled, not reported.
            if !is_verb_at(s.words, m.anchor) && sense::grievance(s.words, m.anchor) {
                continue;
            }
            // "clashes have been rare since the government withdrew": the
            // start of a period, told as background.
            if is_verb_at(s.words, m.anchor)
                && sense::since_clause(s.words, group_start(s.words, m.anchor))
            {
                continue;
            }
            // "captured five villages" takes territory (192); "captured
            // footage" is no event.
            let content_code = match sense::taking(s.words, m.anchor, m.end, |k| {
                s.cues[k].as_ref().map(|c| c.place)
            }) {
                Some(sense::Taken::Territory) if content_code.starts_with("17") => "192",
                Some(sense::Taken::Thing) => continue,
                // "gunmen seized three aid workers" takes hostages (181);
                // by the police, people seized are arrested (173).
                Some(sense::Taken::People) if content_code == "171" => {
                    if sense::subject_is(s.words, group_start(s.words, m.anchor), "police") {
                        "173"
                    } else {
                        "181"
                    }
                }
                // "police clashed with protesters": a clash with a crowd
                // is a riot.
                _ if content_code.starts_with("19")
                    && s.words[m.anchor].lemma == "clash"
                    && sense::crowd_in_clash(s.words, m.anchor) =>
                {
                    "145"
                }
                // "police fired tear gas at protesters", "soldiers attacked
                // a peaceful protest": force by others on a crowd is
                // repression.
                _ if (content_code.starts_with("19")
                    || matches!(content_code, "18" | "180" | "182"))
                    && s.words[m.anchor].lemma != "clash"
                    && !(is_verb_at(s.words, m.anchor)
                        && sense::subject_is(s.words, group_start(s.words, m.anchor), "crowd"))
                    && sense::crowd_object(s.words, m.end) =>
                {
                    "175"
                }
                // "the air force destroyed rebel vehicles": an armed force
                // destroying the other side's arms is fighting, not the
                // seizure or destruction of property (171).
                _ if content_code == "171"
                    && s.words[m.anchor].lemma == "destroy"
                    && sense::military_object(s.words, m.end) =>
                {
                    "190"
                }
                _ => content_code,
            };
            // "the court struck down the ordinance", "hit the brakes": a
            // verb of force whose object is a thing is no violence.
            if m.positions.len() == 1
                && is_verb_at(s.words, m.anchor)
                && self
                    .tables
                    .info(content_code)
                    .is_some_and(|i| i.quad_class == 4)
                && sense::thing_object(s.words, m.anchor, |k| s.cues[k].is_some())
            {
                continue;
            }
            // "meeting China's energy demands": a need satisfied, no meeting.
            // "to deter North Korea from invading": kept from, not done.
            if sense::meets_requirement(s.words, m.anchor) || sense::kept_from(s.words, m.anchor) {
                continue;
            }
            let governor = self.governor_of(s, &matches, mi);
            // "agreed that the threat was real": a view shared, under which
            // nothing is done or promised.
            if governor.is_some_and(|g| sense::agrees_with_view(s.words, matches[g].anchor)) {
                continue;
            }
            // "Bush, asked about the execution, said …": what Bush was asked
            // about, by nobody named, is neither his request nor his act.
            if governor.is_some_and(|g| {
                let at = matches[g].anchor;
                at > 1 && s.words[at - 1].class == Class::Comma && reduced_passive(s.words, at)
            }) {
                continue;
            }
            let outer = governor.and_then(|g| self.governor_of(s, &matches, g));
            for g in governor.iter().chain(outer.iter()) {
                governing[*g] = true;
            }
            let head = governor.map_or(m.anchor, |g| matches[g].anchor);
            let outer_head = outer.map(|o| matches[o].anchor);
            // A noun takes its modality from the verb that governs it
            // ("will provide food aid").
            let group_at = match governor {
                None if !is_verb_at(s.words, m.anchor) => {
                    governing_verb(s.words, m.anchor).unwrap_or(head)
                }
                _ => head,
            };
            let mut verb_group = group(s.words, group_at);
            // "might be able to test", "is expected to hit", "has not been
            // able to meet": the clause's modality reaches the infinitive.
            let (speculative, negated_before) =
                sense::clause_modality(s.words, group_start(s.words, group_at));
            if speculative {
                continue;
            }
            // "two more executions scheduled", "the planned strike": a
            // noun of what has not happened yet.
            if !is_verb_at(s.words, m.anchor) && sense::planned(s.words, m.anchor, m.end) {
                continue;
            }
            // "halted the execution", "averted a war": it did not happen.
            if !is_verb_at(s.words, m.anchor) && sense::stopped(s.words, m.anchor) {
                continue;
            }
            verb_group.negated |= negated_before;
            // "they thought Tanzania would resist": a guess about someone
            // else, not anybody's act or intent.
            if (verb_group.future || verb_group.obligation)
                && sense::guessed(s.words, group_start(s.words, group_at))
            {
                continue;
            }
            // "Iraq hoped the council would agree to Sudan's request that
            // a team visit": the same for the governor's governor.
            if let Some(o) = outer_head {
                let outer_group = group(s.words, o);
                if (outer_group.future || outer_group.obligation)
                    && sense::guessed(s.words, group_start(s.words, o))
                {
                    continue;
                }
            }
            let mut code = content_code.to_string();
            let mut intent = false;
            let mut obliged = false;
            // "Clinton ordered the attack", "the court ordered the release
            // of the prisoners": an order of a deed, as a noun, is the deed
            // done by whoever ordered it (a request is "ordered X to").
            let ordered_deed = governor.is_some_and(|g| {
                matches!(
                    s.words[matches[g].anchor].lemma.as_str(),
                    "order" | "authorize" | "authorise"
                )
            }) && !is_verb_at(s.words, m.anchor)
                && self
                    .tables
                    .info(content_code)
                    .is_some_and(|i| matches!(i.quad_class, 2 | 4));
            match governor
                .filter(|_| !ordered_deed)
                .map(|g| self.patterns.patterns[matches[g].pattern].role)
            {
                Some(Role::Derive(how)) => {
                    if verb_group.possible {
                        continue;
                    }
                    // "the senate is expected to approve": a prediction
                    // about the subject is neither its act nor its intent.
                    if how == Derivation::Intent
                        && governor.is_some_and(|g| sense::predicted(s.words, matches[g].anchor))
                    {
                        continue;
                    }
                    // "refused to attack", "failed to kill": a hostile act
                    // refused did not happen, and has no refusal code.
                    if how == Derivation::Reject
                        && self.tables.derive(content_code, how) == content_code
                    {
                        continue;
                    }
                    intent = how == Derivation::Intent;
                    code = if intent && verb_group.obligation {
                        self.tables
                            .derive(content_code, Derivation::Request)
                            .to_string()
                    } else {
                        self.tables.derive(content_code, how).to_string()
                    };
                }
                Some(Role::Deny | Role::Hypothetical) => continue,
                _ => {
                    if verb_group.possible || self.hypothetical_before(s, m.anchor) {
                        continue;
                    }
                    if verb_group.future {
                        intent = true;
                        code = self
                            .tables
                            .derive(content_code, Derivation::Intent)
                            .to_string();
                    } else if verb_group.obligation {
                        // "X must be convicted", "Y should condemn it": an
                        // act with no request form is only wished for.
                        let request = self.tables.derive(content_code, Derivation::Request);
                        if request == content_code && !content_code.starts_with("10") {
                            continue;
                        }
                        obliged = true;
                        code = request.to_string();
                    }
                }
            }
            match outer.map(|o| self.patterns.patterns[matches[o].pattern].role) {
                Some(Role::Derive(Derivation::Reject)) => {
                    code = self.tables.derive(&code, Derivation::Reject).to_string();
                }
                Some(Role::Deny | Role::Hypothetical) => continue,
                _ => {}
            }
            // "will withdraw … unless": a conditional promise is a threat.
            if intent && s.words[head..].iter().any(|w| w.lower == "unless") {
                let threat = self.tables.derive(content_code, Derivation::Threat);
                code = if threat == content_code {
                    "130"
                } else {
                    threat
                }
                .to_string();
            }
            let negated = verb_group.negated
                || (head > 0 && s.words[head - 1].lower == "no")
                || (governor.is_some() && group(s.words, m.anchor).negated);
            if negated {
                // "has never met with bin Laden": a past that did not
                // happen, no refusal of anything (a "never" with a will or
                // a would is one: "will never negotiate").
                let never = s.words[group_start(s.words, group_at)..=group_at]
                    .iter()
                    .any(|w| w.lower == "never");
                if never && !intent && !verb_group.future && governor.is_none() {
                    continue;
                }
                let cooperative = self
                    .tables
                    .info(content_code)
                    .is_some_and(|i| i.quad_class <= 2);
                let rejected = self.tables.derive(content_code, Derivation::Reject);
                if (cooperative || intent) && rejected != content_code {
                    code = rejected.to_string();
                } else {
                    continue;
                }
            }
            found.push(Found {
                content: Some(mi),
                governor,
                outer,
                head: outer_head.unwrap_or(head),
                code,
                same_as_content: false,
                embedded: false,
                obliged,
                crowd: 0,
                implied: false,
            });
            if let Some(last) = found.last_mut() {
                last.same_as_content = last.code == content_code;
            }
        }
        for (gi, m) in matches.iter().enumerate() {
            let pattern = &self.patterns.patterns[m.pattern];
            let (Role::Derive(_), Some(code)) = (pattern.role, pattern.code.as_deref()) else {
                continue;
            };
            // "Bush, asked about the execution, said …": Bush was asked,
            // by nobody named.
            if governing[gi]
                || sense::legal_appeal(s.words, m.anchor)
                || sense::agrees_with_view(s.words, m.anchor)
                || reduced_passive(s.words, m.anchor)
            {
                continue;
            }
            let verb_group = group(s.words, m.anchor);
            if verb_group.possible || self.hypothetical_before(s, m.anchor) {
                continue;
            }
            // "analysts think Kenya must demand …": an opinion.
            if (verb_group.future || verb_group.obligation)
                && sense::guessed(s.words, group_start(s.words, m.anchor))
            {
                continue;
            }
            let code = if verb_group.negated {
                match pattern.role {
                    Role::Derive(Derivation::Intent) => "120".to_string(),
                    _ => continue,
                }
            } else {
                code.to_string()
            };
            found.push(Found {
                content: None,
                governor: Some(gi),
                outer: None,
                head: m.anchor,
                code,
                same_as_content: false,
                embedded: false,
                obliged: false,
                crowd: 0,
                implied: false,
            });
        }
        // "Protesters dug in behind roadblocks", "demonstrators are
        // throwing toilet rolls": whatever a crowd of protesters does, at
        // a verb no pattern codes, is its demonstration.
        if !sense::is_question(s.words) {
            if let Some(verb) = (0..s.words.len()).find(|&k| {
                let word = &s.words[k];
                // No event of a pattern at this verb or its object.
                let coded = found.iter().any(|f| f.head >= k && f.head <= k + 4)
                    || matches.iter().any(|m| m.positions.contains(&k));
                !coded
                    && word.class == Class::Word
                    && is_verb_at(s.words, k)
                    && (matches!(word.form, Form::Past | Form::S) || group_start(s.words, k) < k)
                    && !is_passive(s.words, k)
                    && !matches!(word.lemma.as_str(), "say" | "tell" | "be" | "have" | "do")
                    && sense::subject_is_past_place(s.words, group_start(s.words, k), "protester")
            }) {
                let verb_group = group(s.words, verb);
                let unsure = verb_group.possible || verb_group.negated || verb_group.future;
                if !unsure && !sense::in_condition(s.words, verb) {
                    found.push(Found {
                        content: None,
                        governor: None,
                        outer: None,
                        head: verb,
                        code: "141".to_string(),
                        same_as_content: true,
                        embedded: false,
                        obliged: false,
                        crowd: 0,
                        implied: true,
                    });
                }
            }
        }
        // "X must return Y": an obligation laid on someone is a request.
        for (k, word) in s.words.iter().enumerate() {
            if !matches!(word.lower.as_str(), "must" | "should") {
                continue;
            }
            let Some(verb) =
                (k + 1..s.words.len().min(k + 4)).find(|&v| s.words[v].class == Class::Word)
            else {
                continue;
            };
            let covered = matches.iter().any(|m| m.positions.contains(&verb))
                || found.iter().any(|f| f.head > k && f.head <= verb + 3);
            // Only a demand someone makes: said or quoted ("he said Y
            // must return it"), not "Straw must decide by Friday", which
            // describes a duty.
            let said = matches
                .iter()
                .any(|m| self.patterns.patterns[m.pattern].role == Role::Speech && m.anchor < k)
                || s.words[..k].iter().any(|w| w.class == Class::Quote)
                || matches.iter().any(|m| {
                    self.patterns.patterns[m.pattern].role == Role::Speech && m.anchor > verb
                });
            // "he thinks the government should ask …": an opinion.
            let opinion = sense::guessed(s.words, k);
            if !covered && said && !opinion && s.words[verb].verb {
                found.push(Found {
                    content: None,
                    governor: None,
                    outer: None,
                    head: verb,
                    code: "100".to_string(),
                    same_as_content: false,
                    embedded: false,
                    obliged: true,
                    crowd: 0,
                    implied: false,
                });
            }
        }
        let first_speech = matches
            .iter()
            .filter(|m| self.patterns.patterns[m.pattern].role == Role::Speech)
            .map(|m| m.anchor)
            .min();
        for f in &mut found {
            f.embedded =
                embedded(s.words, f.head, first_speech) || reduced_passive(s.words, f.head);
        }
        // A question asks; only a request in it is an act.
        if sense::is_question(s.words) {
            found.retain(|f| f.code.starts_with("10"));
        }
        found.sort_by_key(|f| f.head);
        let crowd = found.len();
        let before = out.len();
        for mut f in found {
            f.crowd = crowd;
            self.emit(s, article, annotations, &matches, &f, last_subject, out);
        }
        // The sentence's main event (the first most salient) is surer
        // than the events around it.
        let mut main: Option<(usize, f32)> = None;
        for (i, (_, signals)) in out.iter().enumerate().skip(before) {
            if main.is_none_or(|(_, best)| signals.salience() > best) {
                main = Some((i, signals.salience()));
            }
        }
        if let Some((i, _)) = main {
            let (event, signals) = &mut out[i];
            signals.main = true;
            event.confidence = signals.confidence();
            // "… after the ministers met to cooperate on the response":
            // a cooperative event of another kind than the sentence's
            // main one, in a subordinate clause or late in a long
            // sentence, is the context of what is reported, not news.
            let main_quad = event.quad_class;
            let tail: Vec<(Event, Signals)> = out.drain(before..).collect();
            for (k, (e, sg)) in tail.into_iter().enumerate() {
                let context = k + before != i
                    && e.quad_class != main_quad
                    && e.quad_class <= 2
                    && (sg.embedded || sg.late);
                if !context {
                    out.push((e, sg));
                }
            }
        }
    }

    /// Pattern matches of a sentence, overlapping ones resolved, in text
    /// order.
    fn matches(&self, s: &Sentence<'_, '_>) -> Vec<Match> {
        let words = s.words;
        let initial = words
            .iter()
            .position(|w| w.class != Class::Quote)
            .unwrap_or(0);
        // Punctuation, numbers, names and capitalised words inside the
        // sentence anchor nothing.
        let anchors: Vec<usize> = (0..words.len())
            .filter(|&i| {
                let word = &words[i];
                let closed = matches!(
                    word.class,
                    Class::Punct | Class::Comma | Class::Quote | Class::Num
                );
                let capital =
                    word.capital && i != initial && word.lower.len() > 1 && !is_acronym(word.text);
                let named = s.cues[i].as_ref().is_some_and(|c| c.entity.is_some());
                // "for banned drugs", "the arrested men": an adjective.
                let attributive = sense::attributive(words, i);
                // "in order to raise revenue": a purpose, not an order.
                let purpose = word.lower == "order" && i > 0 && words[i - 1].lower == "in";
                !(closed || capital || named || attributive || purpose)
            })
            .collect();
        let mut candidates: Vec<Match> = Vec::new();
        for &i in &anchors {
            let word = &words[i];
            let keys: &[&str] = if word.lemma == word.lower {
                &[word.lemma.as_str()]
            } else {
                &[word.lemma.as_str(), word.lower.as_str()]
            };
            for key in keys {
                for &p in self.patterns.anchored(key) {
                    self.try_pattern(s, p, i, &[], &mut candidates);
                }
            }
        }
        let mut taken = vec![false; words.len()];
        let mut chosen: Vec<Match> = Vec::new();
        self.choose(candidates, &mut taken, &mut chosen);
        // The converted dictionary codes only sentences ours leave uncoded
        // (no event of ours, no governor that is one on its own), with its
        // own lemmas, in the words ours left free.
        let ours = chosen.iter().any(|m| {
            matches!(
                self.patterns.patterns[m.pattern].role,
                Role::Content | Role::Derive(_)
            )
        });
        if !ours {
            let lemmas: Vec<String> = words
                .iter()
                .map(|w| self.dictionary_lemmas.lemma(&w.lower).0)
                .collect();
            let mut candidates: Vec<Match> = Vec::new();
            let mut tried: Vec<usize> = Vec::new();
            for &i in &anchors {
                let lower = words[i].lower.as_str();
                let keys: &[&str] = if lemmas[i] == lower {
                    &[lower]
                } else {
                    &[lemmas[i].as_str(), lower]
                };
                for key in keys {
                    let Some(by_word) = self.patterns.anchored_dictionary(key) else {
                        continue;
                    };
                    // Only the patterns whose first word is in the stretch
                    // a match can reach.
                    tried.clear();
                    for &p in by_word.get("").map_or(&[][..], Vec::as_slice) {
                        tried.push(p);
                        self.try_pattern(s, p, i, &lemmas, &mut candidates);
                    }
                    for k in i + 1..words.len().min(i + 1 + DICTIONARY_REACH) {
                        for word in [lemmas[k].as_str(), words[k].lower.as_str()] {
                            for &p in by_word.get(word).map_or(&[][..], Vec::as_slice) {
                                if !tried.contains(&p) {
                                    tried.push(p);
                                    self.try_pattern(s, p, i, &lemmas, &mut candidates);
                                }
                            }
                        }
                    }
                }
            }
            self.choose(candidates, &mut taken, &mut chosen);
        }
        chosen.sort_by_key(|m| m.anchor);
        chosen
    }

    /// Adds the match of pattern `p` anchored at `i`, if it matches.
    fn try_pattern(
        &self,
        s: &Sentence<'_, '_>,
        p: usize,
        i: usize,
        lemmas: &[String],
        out: &mut Vec<Match>,
    ) {
        let pattern = &self.patterns.patterns[p];
        if pattern.verb_only && !verb_position(s.words, i) {
            return;
        }
        if let Some(class) = pattern.subject.as_deref() {
            if !is_verb_at(s.words, i)
                || !sense::subject_is(s.words, group_start(s.words, i), class)
            {
                return;
            }
        }
        if let Some(positions) = self.match_rest(s, pattern, i, lemmas) {
            out.push(Match {
                pattern: p,
                anchor: i,
                end: positions.last().map_or(i + 1, |&l| l + 1),
                positions,
            });
        }
    }

    /// Keeps the candidates that overlap no word already taken: more
    /// elements first, then the shorter stretch, then the earlier one.
    fn choose(&self, mut candidates: Vec<Match>, taken: &mut [bool], chosen: &mut Vec<Match>) {
        candidates.sort_by_key(|m| {
            let subject = usize::from(self.patterns.patterns[m.pattern].subject.is_some());
            (
                std::cmp::Reverse(m.positions.len() + subject),
                m.end - m.anchor,
                m.anchor,
                m.pattern,
            )
        });
        for candidate in candidates {
            if candidate.positions.iter().any(|&p| taken[p]) {
                continue;
            }
            for &p in &candidate.positions {
                taken[p] = true;
            }
            chosen.push(candidate);
        }
    }

    /// The positions of the pattern's elements after the anchor at `at`.
    fn match_rest(
        &self,
        s: &Sentence<'_, '_>,
        pattern: &patterns::Pattern,
        at: usize,
        dictionary_lemmas: &[String],
    ) -> Option<Vec<usize>> {
        let words = s.words;
        let mut positions = vec![at];
        let mut last = at;
        for element in pattern.elements.iter().skip(1) {
            let reach = if element.adjacent { 0 } else { 4 };
            let mut found = None;
            let mut k = last + 1;
            let mut skipped = 0;
            let mut noun_before = false;
            while k < words.len() && skipped <= reach {
                let word = &words[k];
                // A converted pattern's words are not read inside a name
                // ("the Velmora Refugee Council" has no refugees).
                let named =
                    pattern.dictionary && s.cues[k].as_ref().is_some_and(|c| c.entity.is_some());
                // "approved in China": a place after "in" is where, not
                // whom.
                let located = k > 0
                    && matches!(words[k - 1].lower.as_str(), "in" | "at" | "near" | "inside")
                    && s.cues[k].as_ref().is_some_and(|c| c.place);
                let hit = (element.actor
                    && !located
                    && (s.cues[k].is_some()
                        || matches!(word.lower.as_str(), "him" | "them" | "her" | "us")))
                    // "the Houston Ship Channel": a word of a name is no
                    // common noun.
                    || (!(named || (word.capital && s.cues[k].is_some()))
                        && element.words.iter().any(|w| {
                            *w == word.lemma
                                || *w == word.lower
                                || dictionary_lemmas.get(k) == Some(w)
                        }));
                if hit {
                    found = Some(k);
                    break;
                }
                if matches!(word.class, Class::Punct | Class::Comma) {
                    break;
                }
                // "a statement released by X's office": an actor after
                // "by" is the agent, never the one acted on.
                if element.actor && word.lower == "by" {
                    break;
                }
                // "releases statements from security forces": an actor in
                // a phrase after a common noun belongs to that noun; the
                // verb's object was the noun ("the head of the agency"
                // and "a third of Chechnya" are still the object).
                if element.actor && word.class == Class::Prep && word.lower != "of" && noun_before {
                    break;
                }
                noun_before |= word.class == Class::Word && !word.capital && !is_verb_at(words, k);
                if word.class != Class::Quote && !skippable(word) {
                    skipped += 1;
                }
                k += 1;
            }
            last = found?;
            positions.push(last);
        }
        Some(positions)
    }

    /// The governor of the content match `mi`: the nearest governor before
    /// it in the same clause, with no other event between.
    fn governor_of(&self, s: &Sentence<'_, '_>, matches: &[Match], mi: usize) -> Option<usize> {
        let m = &matches[mi];
        let j = mi.checked_sub(1)?;
        let g = &matches[j];
        let pattern = &self.patterns.patterns[g.pattern];
        if pattern.role == Role::Content || pattern.role == Role::Speech {
            return None;
        }
        if g.end > m.anchor || m.anchor - g.end > GOVERNOR_REACH {
            return None;
        }
        let between = &s.words[g.end..m.anchor];
        if between.iter().any(|w| {
            matches!(w.class, Class::Punct | Class::Comma)
                || (w.class == Class::Comp && w.lower != "that")
        }) {
            return None;
        }
        // A finite verb with its own subject between them ends the reach,
        // except for requests and threats ("urged Iran to", "warned it would").
        if !matches!(
            pattern.role,
            Role::Derive(Derivation::Request | Derivation::Threat)
        ) && between.iter().enumerate().any(|(k, w)| {
            w.class == Class::Word && is_verb_at(s.words, g.end + k) && w.form == Form::Past
        }) {
            return None;
        }
        Some(j)
    }

    /// Whether the event of match `mi` is what an accusation before it
    /// alleges ("accused X of backing Y").
    fn alleged(&self, s: &Sentence<'_, '_>, matches: &[Match], mi: usize) -> bool {
        let m = &matches[mi];
        matches[..mi].iter().rev().take(2).any(|a| {
            let pattern = &self.patterns.patterns[a.pattern];
            let accuses = pattern.role == Role::Content
                && pattern
                    .code
                    .as_deref()
                    .and_then(|c| self.tables.info(c))
                    .is_some_and(|i| i.plover.as_deref() == Some("ACCUSE"));
            accuses
                && a.end <= m.anchor
                && m.anchor - a.end <= GOVERNOR_REACH
                && s.words[a.end..m.anchor]
                    .iter()
                    .any(|w| w.lower == "of" || w.lower == "for")
                && !s.words[a.end..m.anchor]
                    .iter()
                    .any(|w| w.class == Class::Punct)
        })
    }

    /// "possible US strike", "a potential attack": a speculation word just
    /// before a noun trigger.
    fn hypothetical_before(&self, s: &Sentence<'_, '_>, at: usize) -> bool {
        let from = at.saturating_sub(3);
        s.words[from..at].iter().any(|w| {
            matches!(
                w.lower.as_str(),
                "possible"
                    | "potential"
                    | "planned"
                    | "proposed"
                    | "alleged"
                    | "rumoured"
                    | "rumored"
            )
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        s: &Sentence<'_, '_>,
        article: &Article,
        annotations: &Annotations,
        matches: &[Match],
        f: &Found,
        last_subject: &[Actor],
        out: &mut Vec<(Event, Signals)>,
    ) {
        let Some(info) = self.tables.info(&f.code) else {
            return;
        };
        let Some(plover) = info.plover.clone() else {
            return;
        };
        let content = f.content.map(|c| &matches[c]);
        let governor = f.governor.map(|g| &matches[g]);
        // Meetings and protests happen somewhere: "talks in Lisbon",
        // "marched in Lisbon against …" is where, not whom.
        let locations = !matches!(plover.as_str(), "CONSULT" | "PROTEST");
        let mut skip: Vec<usize> = Vec::new();
        s.unnamed.set(false);
        let outer = f.outer.map(|o| &matches[o]);
        for m in content.iter().chain(governor.iter()).chain(outer.iter()) {
            // Words matched by `@actor` stay visible to the object scan.
            skip.extend(m.positions.iter().filter(|&&p| s.cues[p].is_none()));
        }
        let (source, target) = match (content, governor) {
            (Some(c), Some(g)) => {
                let source = self.subject(s, f.head, last_subject, 0);
                let role = self.patterns.patterns[g.pattern].role;
                let mut target = Vec::new();
                if let Some(o) = f.outer {
                    target = self.object_scan(s, matches[o].end, g.anchor, &skip, false, locations);
                }
                if target.is_empty()
                    && matches!(
                        role,
                        Role::Derive(Derivation::Request | Derivation::Threat | Derivation::Reject)
                    )
                {
                    let from = after_that(s.words, g.end);
                    target = self.object_scan(s, from, c.anchor, &skip, false, locations);
                }
                if target.is_empty() {
                    target =
                        self.object_scan(s, c.anchor + 1, s.words.len(), &skip, false, locations);
                }
                (source, target)
            }
            (Some(c), None) => {
                let nominal = !is_verb_at(s.words, c.anchor)
                    || (s.words[c.anchor].form != Form::Past
                        && c.anchor.checked_sub(1).is_some_and(|p| {
                            !s.words[p].lower.ends_with('s')
                                && s.cues[p].as_ref().is_some_and(|cue| cue.demonym)
                        }));
                let verb_element = c.positions[1..].iter().copied().find(|&p| {
                    is_verb_at(s.words, p) && matches!(s.words[p].form, Form::Past | Form::S)
                });
                // "the military cooperation between Israel and Turkey",
                // "talks among the three parties": the phrase names both
                // sides, whoever raised the subject.
                let between_at = [c.end.wrapping_sub(1), c.end].into_iter().find(|&k| {
                    k > c.anchor
                        && s.words
                            .get(k)
                            .is_some_and(|w| matches!(w.lower.as_str(), "between" | "among"))
                });
                // ("talks", "clashes" before "between" are nouns even
                // where a verb could stand.)
                // A mediator or a host is not one of the sides ("a mediation
                // effort between Egypt and Sudan").
                let third_party = f.code.starts_with("043") || f.code.starts_with("045");
                let between = between_at
                    .filter(|_| !third_party)
                    .filter(|_| nominal || s.words[c.anchor].form == Form::S)
                    .map(|k| self.object_after(s, k + 1, s.words.len(), &skip, true))
                    .filter(|parties| parties.len() >= 2);
                if let Some(mut parties) = between {
                    let first = parties.remove(0);
                    (vec![first], parties)
                } else if let (true, Some(verb)) = (nominal, verb_element) {
                    // "Israeli tanks shelled …": the noun is the subject;
                    // "bombs were defused by the army": the agent acts.
                    let source = if is_passive(s.words, verb) {
                        self.by_agent(s, c.end, &skip)
                    } else {
                        self.subject(s, verb, last_subject, 0)
                    };
                    (
                        source,
                        self.object_scan(s, verb + 1, s.words.len(), &skip, false, locations),
                    )
                } else if let Some(verb) =
                    nominal.then(|| suffered_under(s.words, c.anchor)).flatten()
                {
                    // "civilians came under fire from Yugoslav forces": the
                    // subject suffers the act, whoever it is "from" does it.
                    let from = (c.end..s.words.len().min(c.end + 4))
                        .find(|&k| matches!(s.words[k].lower.as_str(), "from" | "by"));
                    let source = from
                        .map(|k| self.object_after(s, k + 1, s.words.len(), &skip, true))
                        .unwrap_or_default();
                    (source, self.subject(s, verb, last_subject, 0))
                } else if nominal
                    && sense::violent_head(&s.words[c.anchor])
                    && c.anchor >= 1
                    && sense::facility(&s.words[c.anchor - 1])
                {
                    // "the U.S. Embassy bombings", "the subway attack": a
                    // building before the noun of a violent act is what
                    // was hit; who hit it is "by" someone, or unnamed
                    // ("victims of the embassy bombing were brought back
                    // by Albright": that "by" is another verb's).
                    let target = self.modifier(s, c.anchor);
                    (self.own_by_agent(s, c.end, &skip), target)
                } else if nominal
                    && sense::violent_head(&s.words[c.anchor])
                    && c.anchor >= 1
                    && s.cues[c.anchor - 1]
                        .as_ref()
                        .is_some_and(|cue| cue.place && !cue.nation && cue.sector.is_none())
                {
                    // "the Nairobi bombing", "the Oklahoma City bombing": a
                    // city or a region before the noun of a violent act is
                    // where it happened; unidentified armed men there did
                    // it (`KENUAF`, as after "in"), unless "by" names them.
                    let mut source = self.own_by_agent(s, c.end, &skip);
                    if source.is_empty() {
                        source = self
                            .modifier(s, c.anchor)
                            .into_iter()
                            .find_map(armed_men_in)
                            .into_iter()
                            .collect();
                    }
                    (source, Vec::new())
                } else if nominal
                    && sense::done_to_noun(&s.words[c.anchor])
                    && c.anchor >= 2
                    && s.words[c.anchor - 1].class == Class::Poss
                    && s.words.get(c.end).is_none_or(|w| w.lower != "of")
                {
                    // "bin Laden's arrest", "the envoy's expulsion": the
                    // possessive of an act done to someone names who
                    // suffers it; who does it is "by" someone, or unnamed
                    // ("Kenya's arrest of the suspects": Kenya does it).
                    let target = self.modifier(s, c.anchor);
                    (self.by_agent(s, c.end, &skip), target)
                } else if nominal {
                    let mut source = self.modifier(s, c.anchor);
                    if source.is_empty() {
                        source = self.by_agent(s, c.end, &skip);
                    }
                    if source.is_empty() {
                        if let Some(verb) = previous_finite_verb(s.words, c.anchor) {
                            if !is_passive(s.words, verb) && supports(s.words, verb, c.anchor) {
                                source = self.subject(s, verb, last_subject, 1);
                            }
                        }
                    }
                    (
                        source,
                        self.object_scan(s, c.anchor + 1, s.words.len(), &skip, false, locations),
                    )
                } else if reduced_passive(s.words, c.anchor) {
                    // "a lunch hosted by X": X acts on the noun before;
                    // "a Sudanese plant destroyed by": on the noun group.
                    let target = s
                        .cues
                        .get(c.anchor - 1)
                        .and_then(Option::as_ref)
                        .map(|_| {
                            let range = phrase_around(s.words, s.cues, c.anchor - 1);
                            actors_in(s.text, s.words, s.cues, range, false)
                        })
                        .unwrap_or_else(|| {
                            let end = if s.words[c.anchor - 1].class == Class::Comma {
                                c.anchor - 1
                            } else {
                                c.anchor
                            };
                            self.modifier(s, end)
                        });
                    // "two Israelis accused of spying in Cyprus was
                    // interpreted by the media".
                    (self.own_by_agent(s, c.end, &skip), target)
                } else if is_passive(s.words, c.anchor) {
                    let target = self.subject(s, c.anchor, last_subject, 0);
                    // "he was arrested": the pronoun is the target.
                    s.unnamed.set(false);
                    (self.by_agent(s, c.end, &skip), target)
                } else {
                    let source = self.subject(s, c.anchor, last_subject, 0);
                    (
                        source,
                        self.object_scan(s, c.anchor + 1, s.words.len(), &skip, false, locations),
                    )
                }
            }
            (None, Some(g)) => {
                // "asked Bush what he would say", "asked questions": a
                // question is no demand ("asked the judge to determine
                // whether …" is one: the infinitive comes first).
                if s.words[g.anchor].lemma == "ask"
                    && s.words[g.end..s.words.len().min(g.end + 5)]
                        .iter()
                        .take_while(|w| w.lower != "to" && w.lower != "for")
                        .any(|w| {
                            matches!(
                                w.lower.as_str(),
                                "whether"
                                    | "what"
                                    | "how"
                                    | "why"
                                    | "when"
                                    | "where"
                                    | "who"
                                    | "if"
                            ) || w.lemma == "question"
                        })
                {
                    return;
                }
                // "rather than carry out Nixon's order to dismiss Cox", "the
                // U.S.'s demand for Laden's extradition": a noun's owner
                // made it, whoever the clause is about.
                let owner = (!is_verb_at(s.words, g.anchor)
                    && g.anchor >= 2
                    && s.words[g.anchor - 1].class == Class::Poss)
                    .then(|| self.modifier(s, g.anchor))
                    .filter(|owner| !owner.is_empty());
                // "the demand … has been refused by the Taliban": the agent
                // refuses, the subject is refused.
                let agent = (owner.is_none()
                    && is_verb_at(s.words, g.anchor)
                    && is_passive(s.words, g.anchor))
                .then(|| self.by_agent(s, g.end, &skip))
                .filter(|agent| !agent.is_empty());
                if let Some(agent) = agent {
                    (agent, self.subject(s, g.anchor, last_subject, 0))
                } else {
                    let source =
                        owner.unwrap_or_else(|| self.subject(s, g.anchor, last_subject, 0));
                    // "demanded that the US cancel …": the target follows "that".
                    let mut from = after_that(s.words, g.end);
                    // "threatened to deliver blows to X": the infinitive's object.
                    if s.words.get(from).is_some_and(|w| w.lower == "to")
                        && s.words.get(from + 1).is_some_and(|w| w.verb)
                    {
                        from += 2;
                    }
                    (
                        source,
                        self.object_scan(s, from, s.words.len(), &skip, false, locations),
                    )
                }
            }
            (None, None) => {
                let source = self.subject(s, f.head, last_subject, 0);
                (
                    source,
                    self.object_scan(s, f.head + 1, s.words.len(), &skip, false, locations),
                )
            }
        };
        // "Cholera and diarrhoea have killed 50 people", "the storm hit
        // Velmora": a disease or a disaster is nobody's act.
        let source: Vec<Actor> = source
            .into_iter()
            .filter(|a| !sense::hazard(&a.text))
            .collect();
        // "He blamed Russia" where "he" is a private person, or nobody
        // mentioned before: saying, meeting, helping and yielding need a
        // source the coder can name.
        let unnamed = s.unnamed.get() && source.iter().all(|a| a.code.is_none());
        // "Kenya must pay the traders back, the Ugandan minister said": a
        // duty one side lays on another is a demand. A duty said of one's
        // own people or country ("residents should take precautions",
        // "we must pass the bill") is advice or opinion, and a duty nobody
        // is heard laying is no demand either.
        if f.obliged && f.content.is_none() {
            let speaker = matches
                .iter()
                .find(|m| {
                    self.patterns.patterns[m.pattern].role == Role::Speech
                        && (m.end <= f.head || m.anchor > f.head)
                })
                .map(|m| self.subject(s, m.anchor, last_subject, 0))
                .unwrap_or_default();
            // A country, or an organisation without one; a bare role
            // ("residents", "authorities") is one's own people.
            let side = |a: &Actor| {
                a.country
                    .clone()
                    .or_else(|| a.code.clone().filter(|_| is_organisation(a)))
            };
            let speaker_sides: Vec<String> = speaker
                .iter()
                .filter(|a| a.code.is_some())
                .filter_map(side)
                .collect();
            let obligated: Vec<String> = source
                .iter()
                .filter(|a| a.code.is_some())
                .filter_map(side)
                .collect();
            let apart = speaker.iter().any(|a| a.code.is_some())
                && !obligated.is_empty()
                && obligated.iter().all(|o| !speaker_sides.contains(o));
            if !apart {
                return;
            }
        }
        // "X said that Y must agree": X asks it of Y.
        let (source, target) = match matches.iter().rev().find(|m| {
            f.obliged && self.patterns.patterns[m.pattern].role == Role::Speech && m.end <= f.head
        }) {
            Some(speech) if !source.is_empty() => {
                let speaker = self.subject(s, speech.anchor, last_subject, 0);
                if speaker.iter().any(|a| a.code.is_some()) {
                    (speaker, source)
                } else {
                    (source, target)
                }
            }
            _ => (source, target),
        };
        if skip.is_empty() {
            skip.push(f.head);
        }
        // Protests name their target in a purpose clause: "blocked a road
        // to show their anger at X", "rallied against X", "marched calling
        // for the removal of X".
        let mut target = target;
        if target.is_empty() && plover == "PROTEST" {
            let last = skip.iter().copied().max().unwrap_or(f.head);
            let until = s.words.len().min(last + 10);
            if let Some(k) = (last + 1..until).find(|&k| {
                matches!(
                    s.words[k].lower.as_str(),
                    "against" | "to" | "at" | "over" | "for"
                )
            }) {
                target = self.object_scan(s, k + 1, s.words.len(), &skip, false, locations);
                if target.is_empty() {
                    target = self.object_scan(s, k + 2, s.words.len(), &skip, false, locations);
                }
            }
        }
        // A threat is aimed at whoever its condition names: "will pull out
        // of the talks if Velmora goes ahead".
        if target.is_empty() && plover == "THREATEN" {
            let last = skip.iter().copied().max().unwrap_or(f.head);
            let until = s.words.len().min(last + 12);
            if let Some(k) = (last + 1..until)
                .take_while(|&k| s.words[k].class != Class::Punct)
                .find(|&k| matches!(s.words[k].lower.as_str(), "if" | "unless"))
            {
                target = self.object_scan(s, k + 1, s.words.len(), &skip, false, locations);
            }
        }
        // Unnamed groups acted upon at home ("police dispersed
        // demonstrators") belong to the source's country.
        if !target.is_empty()
            && target
                .iter()
                .all(|a| a.country.is_none() && !is_organisation(a))
        {
            fill_country(&mut target, &source);
        }
        // A leader or group named without a country ("President X banned
        // the Kenyan opposition") acts at home: the country of the target,
        // else of the sentence's first named country.
        let mut source = source;
        if !source.is_empty()
            && source
                .iter()
                .all(|a| a.country.is_none() && !is_organisation(a))
        {
            fill_country(&mut source, &place_country(s, f.head));
            if source.iter().all(|a| a.country.is_none()) {
                fill_country(&mut source, &target);
            }
            if source.iter().all(|a| a.country.is_none()) {
                fill_country(&mut source, &sentence_country(s));
            }
        }
        // Names nobody could place are no actors.
        source.retain(|a| a.code.is_some());
        target.retain(|a| a.code.is_some());
        // "Israel bombed a missile base": CAMEO's bombing (183) is the
        // non-military kind; a state's forces bombing use military force,
        // from the air when the sentence names planes.
        if f.code == "183" && !source.is_empty() && source.iter().all(state_force) {
            let mut military = f.clone();
            military.code = if sense::aerial_in(s.words) {
                "195"
            } else {
                "190"
            }
            .to_string();
            self.emit(
                s,
                article,
                annotations,
                matches,
                &military,
                last_subject,
                out,
            );
            return;
        }
        // Force, arrests and protests are reported without their doers
        // ("she was pepper-sprayed after throwing bottles"), so they stay.
        if unnamed && source.is_empty() && info.quad_class <= 3 && !f.code.starts_with("14") {
            return;
        }
        // "Kenya met Uganda. Both governments will hold new talks": both
        // sides are the two of the event before.
        if source.is_empty() {
            if let Some((a, b)) = &s.pair_before {
                let verb = content.map_or(f.head, |c| c.anchor);
                let start = group_start(s.words, governing_verb(s.words, verb).unwrap_or(verb));
                if sense::both_sides(s.words, start) {
                    source = vec![a.clone()];
                    target = vec![b.clone()];
                }
            }
        }
        let anchor = content.map_or(f.head, |c| c.anchor);
        // "declined to comment", "refused all comment": no rejection.
        if plover == "REJECT"
            && [
                Some(f.head),
                governor.map(|g| g.anchor),
                content.map(|c| c.anchor),
            ]
            .into_iter()
            .flatten()
            .any(|at| prose::no_comment(s.words, at))
        {
            return;
        }
        if source.is_empty() {
            // A stance with nobody holding it ("forecasters warned"), an
            // effect nobody caused ("floods killed 12", "prices hit a
            // record") and anything in a disaster with no actor named are
            // no political events.
            // "20 militants were killed when insurgents set upon a base":
            // the dead of a passive, in a sentence that names armed men or
            // weapons and no disaster, were killed by someone.
            let armed_dead = is_passive(s.words, anchor)
                && sense::casualty(&s.words[anchor].lemma)
                && sense::violence_named(s.words);
            if content.is_none()
                || (sense::effect_at(s.words, anchor) && !armed_dead)
                || s.disaster()
            {
                return;
            }
        }
        // "the group's criticisms", "when last we talked", "worked with
        // CERT": saying, meeting, helping and yielding are made by who
        // does them; with nobody the coder can name on either side they
        // are no political event. (Force, arrests and protests are
        // reported without their doers: "were arrested", "clashes broke
        // out".)
        if source.is_empty()
            && target.is_empty()
            && info.quad_class <= 3
            && !f.code.starts_with("14")
        {
            return;
        }
        // "peace talks with the rebels", "with the support of the army":
        // talks, help and concessions are given by someone; named by a
        // noun with no source the coder can name, they are a topic, not an
        // event (force, arrests and protests are reported without their
        // doers; "aid was delivered to X" keeps its passive verb).
        if source.is_empty() && info.quad_class <= 2 && !is_verb_at(s.words, anchor) {
            return;
        }
        // "the film was shot in Albania": a thing suffers no violence.
        if source.is_empty()
            && info.quad_class == 4
            && is_passive(s.words, anchor)
            && sense::thing_subject(s.words, group_start(s.words, anchor))
        {
            return;
        }
        // "critics attacked the novel", "sales shot up": a verb of force
        // whose subject cannot do violence is no violence.
        if source.is_empty()
            && info.quad_class == 4
            && !f.code.starts_with("14")
            && is_verb_at(s.words, anchor)
            && (matches!(s.words[anchor].form, Form::Past | Form::S)
                || group_start(s.words, anchor) < anchor)
            && !is_passive(s.words, anchor)
            && sense::inert_subject(s.words, group_start(s.words, anchor), |k| {
                s.cues[k].is_some()
            })
        {
            return;
        }
        // "the fight against arthritis", "attacks on the curriculum".
        if source.is_empty()
            && target.is_empty()
            && sense::abstract_complement(s.words, anchor, |k| s.cues[k].is_some())
        {
            return;
        }
        // "a war of words", "their battle against the fires".
        if sense::metaphor(s.words, anchor, |k| s.cues[k].is_some()) {
            return;
        }
        // "Arsenal beat Chelsea", "drug tests", "prices hit": no violence.
        if info.quad_class >= 3 && s.sport() {
            return;
        }
        // "earthquakes hit the area": a disaster as the subject of an effect.
        if sense::effect_at(s.words, anchor) && sense::disaster_before(s.words, anchor) {
            return;
        }
        // In a disaster (named in the sentence or the one before), troops
        // sent and emergencies declared are relief,
        // not a show of force or a crackdown.
        let relief = s.disaster() || s.after_disaster;
        if relief && (f.code.starts_with("15") || f.code.starts_with("172")) {
            return;
        }
        // In a disaster, a material act done to nobody named ("took control
        // of services", "a drone filmed the damage") is the response to
        // the disaster, and help given at home ("the army helped the local
        // administration with rescue") is relief: neither is a political
        // event.
        // Visits, promises, inquiries and warnings with nobody as their
        // target are the response too ("the president visited the flooded
        // districts", "authorities will investigate the cause of the
        // blast"); a protest stays one.
        if relief && target.is_empty() && !f.code.starts_with("14") {
            return;
        }
        if relief && matches!(info.quad_class, 2 | 4) {
            let domestic = target
                .iter()
                .all(|t| t.country.is_none() || source.iter().any(|a| a.country == t.country));
            let undone = target
                .iter()
                .all(|t| source.iter().any(|a| a.code == t.code));
            if undone || (f.code.starts_with("07") && domestic) {
                return;
            }
        }
        // A pattern of the converted dictionary needs a source the coder can
        // name: it is read with less context than ours.
        let from_dictionary = content.is_some_and(|c| self.patterns.patterns[c.pattern].dictionary);
        if source.is_empty() && from_dictionary {
            return;
        }
        let first = skip.iter().copied().min().unwrap_or(f.head);
        let last = skip.iter().copied().max().unwrap_or(f.head);
        let trigger = Span::new(s.words[first].span.start, s.words[last].span.end);
        let mode = match (content, f.same_as_content) {
            // A bombing recoded as military force keeps no "explosives".
            (Some(c), true)
                if !(self.patterns.patterns[c.pattern].code.as_deref() == Some("183")
                    && f.code != "183") =>
            {
                self.patterns.patterns[c.pattern]
                    .mode
                    .clone()
                    .or_else(|| info.mode.clone())
            }
            _ => info.mode.clone(),
        };
        let (date, date_source) = event_date(s.span, trigger, annotations, article);
        let place = self.place(s, first);
        let verbal = is_verb_at(s.words, f.head);
        let multi = content.is_some_and(|c| c.positions.len() > 1) || governor.is_some();
        let sources: Vec<Option<Actor>> = if source.is_empty() {
            vec![None]
        } else {
            source.into_iter().take(4).map(Some).collect()
        };
        let targets: Vec<Option<Actor>> = if target.is_empty() {
            vec![None]
        } else {
            target.into_iter().take(4).map(Some).collect()
        };
        // "Starr has targeted the president's testimony", "Bush is fighting
        // hard against Gore", "the writer captured Bush's personality":
        // force or coercion between a country's own politicians, with no
        // word of force in the sentence, is politics, not violence.
        let politics = info.quad_class == 4
            && !sense::legal_coercion(&s.words[f.head])
            && !sense::force_in(s.words);
        for source in &sources {
            for target in &targets {
                if politics
                    && matches!((source, target), (Some(a), Some(b)) if domestic_politics(a, b))
                {
                    continue;
                }
                let target = match (source, target) {
                    (Some(a), Some(b)) if a.code == b.code && a.text == b.text => None,
                    _ => target.clone(),
                };
                let named =
                    |actor: &Option<Actor>| actor.as_ref().is_some_and(|a| a.code.is_some());
                let placed = |actor: &Option<Actor>| {
                    actor
                        .as_ref()
                        .is_some_and(|a| a.country.is_some() || is_organisation(a))
                };
                let signals = Signals {
                    verbal,
                    multi,
                    source: named(source),
                    source_placed: placed(source),
                    target: named(&target),
                    bare_governor: content.is_none() && !f.implied,
                    embedded: f.embedded,
                    derived: !f.same_as_content,
                    conflict: info.quad_class >= 3,
                    disaster: s.disaster(),
                    crowded: f.crowd >= 4,
                    late: f.head >= 25,
                    material: matches!(info.quad_class, 2 | 4),
                    passive: is_passive(s.words, f.head),
                    head: u16::try_from(f.head).unwrap_or(u16::MAX),
                    main: false,
                    cooperative: info.quad_class == 1,
                    dictionary: from_dictionary,
                    // Set by `context::mark` once the article is coded.
                    person_country: false,
                    article_unplaced: false,
                    article_unpolitical: false,
                    article_genre: false,
                    article_untargeted: false,
                };
                let confidence = signals.confidence();
                out.push((
                    Event {
                        source: source.clone(),
                        target,
                        plover: plover.clone(),
                        mode: mode.clone(),
                        cameo: f.code.clone(),
                        root: info.root.clone(),
                        quad_class: info.quad_class,
                        goldstein: info.goldstein,
                        date,
                        date_source,
                        place: place.clone(),
                        sentence: s.index,
                        span: s.span,
                        trigger,
                        confidence,
                    },
                    signals,
                ));
            }
        }
    }

    /// The actors that are the subject of the verb at `head`.
    fn subject(
        &self,
        s: &Sentence<'_, '_>,
        head: usize,
        last_subject: &[Actor],
        depth: u8,
    ) -> Vec<Actor> {
        let words = s.words;
        // A noun governor ("expressed its readiness to mediate") takes the
        // subject of the verb it is the object of.
        if depth < 3 && !is_verb_at(words, head) && words[head].class == Class::Word {
            if let Some(verb) = governing_verb(words, head) {
                return self.subject(s, verb, last_subject, depth + 1);
            }
        }
        let start = group_start(words, head);
        // "continued to send", "tried to block": the subject of the verb before.
        if start >= 2 && depth < 3 && words[start - 1].lower == "to" && is_verb_at(words, start - 2)
        {
            return self.subject(s, start - 2, last_subject, depth + 1);
        }
        // "began a hunger strike on Monday to protest": a purpose
        // infinitive takes the subject of the verb before, when no actor
        // stands between them.
        if start >= 2 && depth < 3 && words[start - 1].lower == "to" {
            if let Some(verb) = previous_finite_verb(words, start - 1) {
                let between = verb + 1..start - 1;
                let unbroken = between
                    .clone()
                    .all(|k| !is_boundary(&words[k]) && words[k].class != Class::Comma);
                let clear =
                    between.len() <= 8 && unbroken && between.clone().all(|k| s.cues[k].is_none());
                // "called Schroeder on Tuesday to discuss", "met the
                // envoy to sign": unless the verb hands the deed to its
                // object ("urged Iran to stop"), the one who called does
                // the infinitive's deed.
                let subject_control = between.len() <= 10
                    && !OBJECT_CONTROL.contains(&words[verb].lemma.as_str())
                    && (words[verb].lemma != "call"
                        || !words
                            .get(verb + 1)
                            .is_some_and(|w| matches!(w.lower.as_str(), "on" | "upon")))
                    && !is_passive(words, verb)
                    && unbroken
                    // "Clinton's decision to launch": the possessor of the
                    // noun before "to" does it.
                    && !(s.cues[start - 2].is_none()
                        && between.clone().any(|k| words[k].class == Class::Poss));
                if clear || subject_control {
                    return self.subject(s, verb, last_subject, depth + 1);
                }
            }
        }
        // "began collecting", "kept firing": the subject of the verb before.
        if start >= 1
            && depth < 3
            && start == head
            && words[head].form == Form::Ing
            && words[start - 1].class == Class::Word
            && words[start - 1].form != Form::Ing
            && is_verb_at(words, start - 1)
        {
            return self.subject(s, start - 1, last_subject, depth + 1);
        }
        if start > 0 && depth < 3 {
            let prev = &words[start - 1];
            let bare = start == head;
            let participle = bare && matches!(words[head].form, Form::Ing | Form::Past);
            let coordinated = prev.class == Class::Conj
                || (prev.class == Class::Comma && participle)
                || (matches!(
                    prev.lower.as_str(),
                    "by" | "while" | "after" | "before" | "when"
                ) && words[head].form == Form::Ing);
            if coordinated {
                if let Some(verb) = previous_finite_verb(words, start - 1) {
                    return self.subject(s, verb, last_subject, depth + 1);
                }
            }
            if prev.class == Class::Comp && matches!(prev.lower.as_str(), "who" | "which" | "that")
            {
                let mut k = start - 1;
                while k > 0 && matches!(words[k - 1].class, Class::Comma | Class::Quote) {
                    k -= 1;
                }
                // "since Friday's bombing, which killed 247": the act did
                // it, whatever was named before the act; its doer is the
                // one who "launched an attack that destroyed", else nobody.
                if matches!(prev.lower.as_str(), "which" | "that")
                    && k > 0
                    && sense::violent_head(&words[k - 1])
                {
                    return match governing_verb(words, k - 1) {
                        Some(verb) if !is_passive(words, verb) => {
                            self.subject(s, verb, last_subject, depth + 1)
                        }
                        _ => Vec::new(),
                    };
                }
                // "the rebels in Chechnya, who attacked", "the crash near
                // Paris that killed": a place after "in"/"near" is where the
                // antecedent is, not the antecedent; the name before it is,
                // or nobody.
                let located = |i: usize| {
                    s.cues[i].as_ref().is_some_and(|c| {
                        c.sector.is_none()
                            && c.group.is_none()
                            && !c.demonym
                            && c.unit.0 > 1
                            && matches!(
                                words[c.unit.0 - 1].lower.as_str(),
                                "in" | "near" | "outside" | "inside" | "around"
                            )
                            // a noun the place is said of ("In Yugoslavia,
                            // which" has none: Yugoslavia is the antecedent)
                            && words[c.unit.0 - 2].class == Class::Word
                    })
                };
                let mut nearest = (k.saturating_sub(6)..k)
                    .rev()
                    .find(|&i| s.cues[i].is_some());
                let mut phrase_end = k;
                let first_cue = nearest.unwrap_or(k);
                if let Some(place) = nearest.filter(|&i| located(i)) {
                    let before = s.cues[place].as_ref().map_or(place, |c| c.unit.0 - 1);
                    phrase_end = before;
                    nearest = (before.saturating_sub(4)..before)
                        .rev()
                        .take_while(|&i| !is_boundary(&words[i]) && words[i].class != Class::Comma)
                        .find(|&i| s.cues[i].is_some());
                    if nearest.is_none() {
                        return Vec::new();
                    }
                }
                if let Some(cue_at) = nearest {
                    // "the embassy bombings in Tanzania and Kenya, which
                    // killed 224 people": "which" is the act; the places
                    // after its noun did nothing.
                    let act_before = matches!(prev.lower.as_str(), "which" | "that")
                        && (k.saturating_sub(10)..first_cue)
                            .any(|i| sense::violent_head(&words[i]));
                    if act_before {
                        return Vec::new();
                    }
                    let mut range = phrase_around(words, s.cues, cue_at);
                    range.end = range.end.min(phrase_end).max(cue_at + 1);
                    let actors = actors_in(s.text, words, s.cues, range, true);
                    if !actors.is_empty() {
                        return actors;
                    }
                }
            }
        }
        // "X, which is backed by Y, attacked": the subject is before the
        // relative clause.
        let start = before_relative(words, start);
        // Scan left to the clause boundary.
        let mut j = start;
        while j > 0 {
            let word = &words[j - 1];
            if is_boundary(word) {
                break;
            }
            if word.class == Class::Comma {
                if s.cues[j..start].iter().any(Option::is_some) {
                    break;
                }
            } else if word.class == Class::Word
                && is_verb_at(words, j - 1)
                && s.cues[j - 1].is_none()
            {
                break;
            }
            j -= 1;
        }
        // "Pakistan, a key U.S. ally, refused": the name before the apposition.
        if j > 1
            && words[j - 1].class == Class::Comma
            && words
                .get(j)
                .is_some_and(|w| matches!(w.lower.as_str(), "a" | "an"))
        {
            if let Some(cue_at) = (j.saturating_sub(5)..j - 1)
                .rev()
                .find(|&i| s.cues[i].is_some())
            {
                let range = phrase_around(words, s.cues, cue_at);
                let actors = actors_in(s.text, words, s.cues, range, true);
                if !actors.is_empty() {
                    return actors;
                }
            }
        }
        let mut from = j;
        if words.get(from).is_some_and(|w| w.class == Class::Prep) {
            if let Some(comma) = (from..start).find(|&i| words[i].class == Class::Comma) {
                from = comma + 1;
            }
        }
        let cut = (from + 1..start)
            .find(|&i| words[i].class == Class::Prep && s.cues[i].is_none())
            .unwrap_or(start);
        let mut actors = actors_in(s.text, words, s.cues, from..cut, true);
        // "the Tanzanian embassy bombing killed", "a bombing of the U.S.
        // Embassy killed": the subject is the act, and the building it hit
        // is no doer.
        let act_on_building = cut > from
            && sense::violent_head(&words[cut - 1])
            && ((from..cut).any(|i| sense::facility(&words[i]))
                || (cut < start
                    && words[cut].lower == "of"
                    && (cut..start).any(|i| sense::facility(&words[i]))));
        if act_on_building {
            return Vec::new();
        }
        if cut < start && matches!(words[cut].lower.as_str(), "in" | "of" | "from") {
            fill_country(
                &mut actors,
                &actors_in(s.text, words, s.cues, cut + 1..start, false),
            );
        }
        // A place named after a subject head that names no actor is where
        // it happened ("a fire at a nightclub in Skopje killed 59", "a
        // blast at the embassy in Kenya killed 247", "a crash near
        // Larissa"), never who acted; after an actor it gives the actor's
        // country ("officials in Tehran", below).
        // In a disaster, a place named after the subject's head noun is
        // where it happened ("a fire at a nightclub in Skopje killed 59",
        // "a crash near Larissa"), never who acted.
        let locative_prep = |w: &Word<'_>| {
            matches!(
                w.lower.as_str(),
                "in" | "near" | "at" | "outside" | "off" | "on" | "inside" | "around" | "across"
            )
        };
        let locative = s.disaster() && cut < start && locative_prep(&words[cut]);
        if actors.is_empty() && cut < start {
            // "officials in Tehran": the sector before, the country after.
            let pp = actors_in(s.text, words, s.cues, cut..start, true);
            let head_words = actors_in(s.text, words, s.cues, from..cut, true);
            let headless = head_words.is_empty();
            // "thousands of protesters": the phrase after "of" names them.
            actors = match (head_words.first(), pp.first()) {
                (Some(_), _) => head_words,
                (None, Some(_)) if !locative => pp,
                _ => Vec::new(),
            };
            // "a blast at the embassy in Kenya killed": after the noun of
            // a violent act, the last place named stands for unidentified
            // armed men there (`KENUAF`), not for its state or the embassy.
            if headless
                && !locative
                && sense::violent_head(&words[cut - 1])
                && locative_prep(&words[cut])
            {
                let last = (cut..start)
                    .rev()
                    .find(|&k| locative_prep(&words[k]))
                    .unwrap_or(cut);
                // A bare place only: "the embassy" is where, not who.
                actors = actors_in(s.text, words, s.cues, last + 1..start, false)
                    .into_iter()
                    .rev()
                    .filter(|a| a.sector.is_none())
                    .find_map(armed_men_in)
                    .into_iter()
                    .collect();
            }
        }
        // "A member of the Velmoran parliament, Ana Ruiz, started …": a
        // name in apposition takes its country from the noun group before.
        let countryless = actors
            .iter()
            .all(|a| a.country.is_none() && !is_organisation(a));
        if countryless && j >= 2 && words[j - 1].class == Class::Comma {
            let named = words[from..start].iter().any(|w| w.capital);
            let opening = (0..j - 1)
                .rev()
                .take_while(|&i| !is_boundary(&words[i]))
                .all(|i| !(words[i].class == Class::Word && is_verb_at(words, i)));
            if (named || !actors.is_empty()) && opening {
                if let Some(cue_at) = (j.saturating_sub(9)..j - 1)
                    .rev()
                    .find(|&i| s.cues[i].is_some())
                {
                    let range = phrase_around(words, s.cues, cue_at);
                    let before = actors_in(s.text, words, s.cues, range, true);
                    if actors.is_empty() {
                        actors = before
                            .into_iter()
                            .filter(|a| a.country.is_some() || is_organisation(a))
                            .collect();
                    } else {
                        fill_country(&mut actors, &before);
                    }
                }
            }
        }
        // "he", "she", "they", "it": the actor mentioned before, or nobody
        // the coder can name ([`refer`]).
        // A pronoun right before the verb group is its subject, whatever
        // the scan found further left ("met Macron in Paris, and she
        // criticised").
        let pronoun =
            |i: &usize| words[*i].class == Class::Pron && refer::personal(&words[*i].lower);
        let right_before = start.checked_sub(1).filter(|i| {
            pronoun(i) && matches!(words[*i].lower.as_str(), "he" | "she" | "they" | "it")
        });
        if actors.is_empty() || right_before.is_some() {
            if let Some(p) = right_before.or_else(|| (from..start).find(pronoun)) {
                return match s.discourse.pronoun(words, s.here, p, &words[p].lower) {
                    refer::Resolved::Actor(actor) => vec![actor],
                    refer::Resolved::Nobody => {
                        s.unnamed.set(true);
                        Vec::new()
                    }
                };
            }
        }
        // "the ministry", "the company": the body named before.
        if actors
            .iter()
            .all(|a| a.country.is_none() && !is_organisation(a))
        {
            if let Some(head) = refer::description_head(words, from, cut) {
                match s.discourse.description(s.here, from, &words[head].lower) {
                    Some(refer::Resolved::Actor(actor)) => return vec![actor],
                    Some(refer::Resolved::Nobody) => return Vec::new(),
                    None => {}
                }
            }
        }
        if actors.is_empty() && words[from..start].iter().any(|w| w.class == Class::Pron) {
            if let Some(cue_at) = (0..from).rev().find(|&i| s.cues[i].is_some()) {
                let range = phrase_around(words, s.cues, cue_at);
                actors = actors_in(s.text, words, s.cues, range, true);
            }
            if actors.is_empty() {
                actors = last_subject.to_vec();
            }
        }
        // "The Velmora Farmers' Front (VFF) began …": a name the coder
        // cannot place stands as an actor without a code, for the emitter
        // to give the country of the event's other actor or drop.
        if actors.is_empty() {
            let initial = words.iter().position(|w| w.class != Class::Quote);
            // A pronoun subject ("it will boycott") points back to the name.
            let pronoun = words[from..start].iter().any(|w| w.class == Class::Pron);
            let lo = if pronoun { 0 } else { from };
            // Not a place the subject happened at ("a fire at a club in
            // Skopje").
            let hi = if locative && !pronoun { cut } else { start };
            // A stretch that opens with a preposition ("during the Cold
            // War to destroy") is a phrase of time, place or manner, no
            // subject: its capitals name no actor.
            let opens_phrase = |k: usize| {
                words.get(k).is_some_and(|w| {
                    matches!(
                        w.lower.as_str(),
                        "during" | "amid" | "amidst" | "despite" | "following"
                    ) || w.class == Class::Prep
                        && !matches!(
                            w.lower.as_str(),
                            "after"
                                | "before"
                                | "since"
                                | "until"
                                | "as"
                                | "while"
                                | "because"
                                | "by"
                        )
                })
            };
            let lo = if opens_phrase(lo) || (lo > 0 && opens_phrase(lo - 1)) {
                hi
            } else {
                lo
            };
            // A capitalised word the tagger did not take stands for a name
            // only inside a run of them ("the Velmora Farmers' Front"): a
            // lone one is a common word set in capitals ("Groups of
            // jobless", "Scientists found"), and titles ("Ms.", "Dec.")
            // and compounds with a lower-case part ("Arab-sponsored") are
            // no names.
            let capital_name = |i: usize| {
                let word = &words[i];
                word.capital
                    && word.class == Class::Word
                    && !skippable(word)
                    && Some(i) != initial
                    && !is_acronym(word.text)
                    && !word.text.ends_with('.')
                    && !word
                        .text
                        .split('-')
                        .skip(1)
                        .any(|part| part.starts_with(|c: char| !c.is_uppercase()))
            };
            let named = (lo..hi).find(|&i| {
                s.cues[i].as_ref().is_some_and(|c| c.entity.is_some())
                    || (capital_name(i)
                        && ((i > lo && capital_name(i - 1)) || (i + 1 < hi && capital_name(i + 1))))
            });
            if let Some(i) = named {
                actors.push(Actor {
                    code: None,
                    country: None,
                    sector: None,
                    text: words[i].text.to_string(),
                    entity: s.cues[i].as_ref().and_then(|c| c.entity),
                });
            }
        }
        actors
    }

    /// The first actors after `from` (before `until`) in the same clause.
    fn object_after(
        &self,
        s: &Sentence<'_, '_>,
        from: usize,
        until: usize,
        skip: &[usize],
        as_source: bool,
    ) -> Vec<Actor> {
        self.object_scan(s, from, until, skip, as_source, true)
    }

    /// Like [`EventCoder::object_after`]; with `locations` false, a place
    /// after in/at/near ("talks in Lisbon") is where, not whom.
    fn object_scan(
        &self,
        s: &Sentence<'_, '_>,
        from: usize,
        until: usize,
        skip: &[usize],
        as_source: bool,
        locations: bool,
    ) -> Vec<Actor> {
        let words = s.words;
        let until = until.min(words.len()).min(from + OBJECT_REACH);
        let mut fallback: Option<Vec<Actor>> = None;
        let mut k = from;
        while k < until {
            if skip.contains(&k) {
                k += 1;
                continue;
            }
            let word = &words[k];
            // "$50,000 worth of goods to X": a currency sign ends nothing.
            if matches!(word.text, "$" | "€" | "£" | "¥") {
                k += 1;
                continue;
            }
            if is_boundary(word) {
                break;
            }
            if word.class == Class::Comma {
                break;
            }
            // "accused him of spying": the person mentioned before, or
            // nobody the coder can name; never an actor further on.
            let possessive = word.lower == "her"
                && words
                    .get(k + 1)
                    .is_some_and(|n| n.class == Class::Word && !n.verb);
            if word.class == Class::Pron
                && matches!(word.lower.as_str(), "him" | "her" | "them")
                && !possessive
                && fallback.is_none()
            {
                return match s.discourse.pronoun(words, s.here, k, &word.lower) {
                    refer::Resolved::Actor(actor) => vec![actor],
                    refer::Resolved::Nobody => Vec::new(),
                };
            }
            if !locations
                && s.cues[k].as_ref().is_some_and(|c| c.place)
                && k > 0
                && matches!(words[k - 1].lower.as_str(), "in" | "at" | "near")
            {
                // The whole name: "in Port Velmora".
                k = s.cues[k].as_ref().map_or(k + 1, |c| c.unit.1.max(k + 1));
                continue;
            }
            if s.cues[k].is_some() {
                let range = phrase_around(words, s.cues, k);
                let range = range.start.max(from)..range.end;
                let end = range.end;
                // "its troops", "their forces": the source's own people.
                let own = words[range.start..k]
                    .iter()
                    .any(|w| matches!(w.lower.as_str(), "its" | "their" | "his" | "her" | "our"));
                let mut actors = actors_in(s.text, words, s.cues, range, as_source);
                // "the president of Armenia", "refugees in Liberia".
                if words
                    .get(end)
                    .is_some_and(|w| matches!(w.lower.as_str(), "of" | "in" | "from"))
                {
                    if let Some(after) = phrase_after(words, s.cues, end + 1) {
                        fill_country(
                            &mut actors,
                            &actors_in(s.text, words, s.cues, after, as_source),
                        );
                    }
                }
                let countryless = actors
                    .iter()
                    .all(|a| a.country.is_none() && !is_organisation(a));
                if own || countryless {
                    if !own && fallback.is_none() {
                        fallback = Some(actors);
                    }
                    k = end.max(k + 1);
                    continue;
                }
                return actors;
            }
            let next = words.get(k + 1);
            if word.lower == "to"
                && next.is_some_and(|n| n.verb && n.form == Form::Base && s.cues[k + 1].is_none())
            {
                break;
            }
            // "donated and (personally) delivered goods to X": verbs
            // sharing their objects.
            if k == from && k > 0 && word.class == Class::Conj && is_verb_at(words, k - 1) {
                let mut v = k + 1;
                while v < until && words[v].class == Class::Adverb {
                    v += 1;
                }
                if v < until
                    && words[v].class == Class::Word
                    && is_verb_at(words, v)
                    && words[v].form == words[k - 1].form
                {
                    k = v + 1;
                    continue;
                }
            }
            if word.class == Class::Conj && next.is_some_and(|n| n.verb && n.class == Class::Word) {
                break;
            }
            if k > from
                && word.class == Class::Word
                && is_verb_at(words, k)
                && word.form != Form::Ing
                && word.form != Form::Base
            {
                break;
            }
            k += 1;
        }
        fallback.unwrap_or_default()
    }

    /// "Israeli airstrikes", "Israel's strikes": the actor inside the noun
    /// group before a noun trigger.
    fn modifier(&self, s: &Sentence<'_, '_>, at: usize) -> Vec<Actor> {
        let words = s.words;
        let mut k = at;
        let mut first_cue = None;
        while k > 0 && at - k < 5 {
            let word = &words[k - 1];
            let inside = s.cues[k - 1].is_some()
                || matches!(
                    word.class,
                    Class::Det | Class::Poss | Class::Num | Class::Adverb
                )
                || (word.class == Class::Word && !is_verb_at(words, k - 1));
            if !inside {
                break;
            }
            // "an official visit", "a state visit", "an international
            // inquiry": an adjective that is also a role names nobody.
            let adjective = first_cue.is_none()
                && s.cues[k - 1]
                    .as_ref()
                    .is_some_and(|c| c.unit.1 - c.unit.0 <= 1)
                && matches!(
                    word.lower.as_str(),
                    "official" | "state" | "public" | "international" | "foreign" | "national"
                );
            if s.cues[k - 1].is_some() && !adjective {
                first_cue = Some(k - 1);
            } else if first_cue.is_some() {
                break;
            }
            k -= 1;
        }
        let Some(cue_at) = first_cue else {
            return Vec::new();
        };
        let start = s.cues[cue_at]
            .as_ref()
            .map_or(cue_at, |c| c.unit.0.min(cue_at));
        let mut end = cue_at + 1;
        while end < at && s.cues[end].is_some() {
            end += 1;
        }
        actors_in(s.text, words, s.cues, start..end, true)
    }

    /// The agent of a passive or a noun: "by Israel".
    /// [`Self::by_agent`] when no auxiliary or modal stands before the
    /// "by": after a finite verb, "by" names that verb's agent ("two
    /// Israelis accused of spying was interpreted by the media").
    fn own_by_agent(&self, s: &Sentence<'_, '_>, from: usize, skip: &[usize]) -> Vec<Actor> {
        let finite_before = (from..s.words.len().min(from + 6))
            .take_while(|&k| s.words[k].lower != "by")
            .any(|k| matches!(s.words[k].class, Class::Aux | Class::Modal));
        if finite_before {
            Vec::new()
        } else {
            self.by_agent(s, from, skip)
        }
    }

    fn by_agent(&self, s: &Sentence<'_, '_>, from: usize, skip: &[usize]) -> Vec<Actor> {
        let until = (from + 6).min(s.words.len());
        for k in from..until {
            let word = &s.words[k];
            if is_boundary(word) || word.class == Class::Comma {
                break;
            }
            if word.lower == "by" {
                return self.object_after(s, k + 1, s.words.len(), skip, true);
            }
        }
        Vec::new()
    }

    /// A place after in/at/near, preferring one after the trigger.
    fn place(&self, s: &Sentence<'_, '_>, trigger: usize) -> Option<String> {
        let words = s.words;
        let mut best: Option<(bool, String)> = None;
        for k in 0..words.len() {
            if !matches!(words[k].lower.as_str(), "in" | "at" | "near") {
                continue;
            }
            let mut at = k + 1;
            while at < words.len() && words[at].class == Class::Det {
                at += 1;
            }
            let Some(cue) = s.cues.get(at).and_then(Option::as_ref) else {
                continue;
            };
            if !cue.place {
                continue;
            }
            let (lo, hi) = cue.unit;
            let (Some(a), Some(b)) = (words.get(lo), words.get(hi.saturating_sub(1))) else {
                continue;
            };
            let Some(name) = s.text.get(a.span.start..b.span.end) else {
                continue;
            };
            let after = k > trigger;
            if best
                .as_ref()
                .is_none_or(|(was_after, _)| !was_after && after)
            {
                best = Some((after, name.to_string()));
            }
            if after {
                break;
            }
        }
        best.map(|(_, name)| name)
    }
}

/// "The Ethiopian government and Tigrayan leaders signed a deal": when
/// two events of a sentence (from `from` on) have the same code, trigger and
/// actor codes, they are one event coded twice (two names of one party, or
/// two that code alike); the more salient one is kept, in the first one's
/// place.
fn merge_told_twice(events: &mut Vec<(Event, Signals)>, from: usize) {
    fn actor(a: &Option<Actor>) -> Option<&str> {
        a.as_ref().and_then(|a| a.code.as_deref())
    }
    let same = |a: &Event, b: &Event| {
        a.cameo == b.cameo
            && a.trigger == b.trigger
            && actor(&a.source) == actor(&b.source)
            && actor(&a.target) == actor(&b.target)
    };
    let mut k = from;
    while k < events.len() {
        match (from..k).find(|&j| same(&events[j].0, &events[k].0)) {
            Some(j) => {
                // By salience, not confidence: the signals the confidence
                // is fitted on must not depend on its weights.
                let later = events.remove(k);
                if later.1.salience() > events[j].1.salience() {
                    events[j] = later;
                }
            }
            None => k += 1,
        }
    }
}

/// Whether the subject of the verb at `verb` can be the actor of the event
/// noun at `noun` after it: not when the verb reacts to an event someone
/// else did ("police arrested 14 people in the bombing", "the FBI is
/// investigating the bombing", "troops suffered losses from ambushes",
/// "weapons needed to deter an invasion", "they condemned the attack"),
/// nor across a clause boundary between them ("after", "which", sentence
/// punctuation, another finite verb; a comma alone is none: "called for
/// …, in a phone call with X").
/// Any other verb ("launched an offensive", "declared a state of siege",
/// "held talks") may carry the noun as its own act.
fn supports(words: &[Word<'_>], verb: usize, noun: usize) -> bool {
    const REACT: &[&str] = &[
        "investigate",
        "probe",
        "arrest",
        "detain",
        "charge",
        "convict",
        "sentence",
        "try",
        "prosecute",
        "indict",
        "suspect",
        "accuse",
        "blame",
        "condemn",
        "denounce",
        "criticize",
        "criticise",
        "deplore",
        "decry",
        "protest",
        "mourn",
        "survive",
        "suffer",
        "escape",
        "flee",
        "witness",
        "report",
        "deter",
        "prevent",
        "avert",
        "fear",
        "expect",
        "predict",
        "deny",
        "remember",
        "commemorate",
        "recall",
        "cover",
        "study",
        "monitor",
        "document",
        "discuss",
        "debate",
        "oppose",
        "question",
        "interrogate",
        "hunt",
        "seek",
        "track",
        "identify",
        "link",
        "tie",
        "connect",
        "mastermind",
        "plan",
        "plot",
        "claim",
        "praise",
        "welcome",
        "hail",
        "applaud",
        "observe",
        "watch",
        "see",
        "hear",
        "learn",
        "know",
        "recognise",
        "recognize",
        "lose",
        "win",
        "need",
        "want",
    ];
    // "detained 12 people in overnight raids": who arrests in an
    // operation runs it.
    const OPERATION: &[&str] = &["raid", "operation", "sweep", "crackdown", "swoop", "search"];
    if REACT.contains(&words[verb].lemma.as_str())
        && !OPERATION.contains(&words[noun].lemma.as_str())
    {
        return false;
    }
    words[verb + 1..noun].iter().enumerate().all(|(i, w)| {
        // Another finite verb between them starts another clause: "said the
        // network was behind the bombings"; an infinitive or a gerund after
        // a preposition goes on with the same subject: "accepted an invitation to pay a visit",
        // "called for stepping up efforts, in a phone call with X".
        let at = verb + 1 + i;
        let infinitive = at > 0 && words[at - 1].lower == "to";
        let gerund = w.form == Form::Ing && at > 0 && words[at - 1].class == Class::Prep;
        let other_verb = matches!(w.class, Class::Aux | Class::Modal)
            || (is_verb_at(words, at) && !infinitive && !gerund);
        w.class != Class::Punct
            && !other_verb
            && !matches!(
                w.lower.as_str(),
                "that"
                    | "which"
                    | "who"
                    | "after"
                    | "before"
                    | "since"
                    | "when"
                    | "while"
                    | "because"
                    | "amid"
                    | "following"
                    | "despite"
                    | "during"
            )
    })
}

/// "came under fire", "is under attack", "remained under siege": the verb
/// (come, be, remain, fall) before "under" and an event noun at `noun`
/// (across its modifiers: "under heavy artillery, mortar and other weapons
/// fire"); its subject suffers the act.
fn suffered_under(words: &[Word<'_>], noun: usize) -> Option<usize> {
    let under = (noun.saturating_sub(8)..noun)
        .rev()
        .find(|&k| words[k].lower == "under")?;
    // "under artillery, mortar and other weapons fire": modifiers only.
    if words[under + 1..noun].iter().any(|w| {
        !matches!(
            w.class,
            Class::Word | Class::Comma | Class::Conj | Class::Adverb | Class::Det
        ) || w.verb
    }) {
        return None;
    }
    let verb = under.checked_sub(1)?;
    let lemma = words[verb].lemma.as_str();
    let linked = matches!(lemma, "come" | "remain" | "fall" | "stay")
        || matches!(
            words[verb].lower.as_str(),
            "is" | "are" | "was" | "were" | "be" | "been" | "being"
        );
    linked.then_some(verb)
}

/// The last finite verb before `before`: a known verb not after a
/// determiner, not an -ing form.
fn previous_finite_verb(words: &[Word<'_>], before: usize) -> Option<usize> {
    let finite = |i: usize| match words[i].form {
        Form::Past | Form::S => true,
        Form::Ing => false,
        // "negotiators return": a base form after a plural noun.
        Form::Base => {
            i > 0
                && (matches!(words[i - 1].class, Class::Aux | Class::Modal | Class::Pron)
                    || (words[i - 1].class == Class::Word
                        && !words[i - 1].verb
                        && words[i - 1].lower.ends_with('s')))
        }
    };
    (0..before.min(words.len()))
        .rev()
        .find(|&i| is_verb_at(words, i) && finite(i) && words[i].class == Class::Word)
}

/// Verbs whose object does what the infinitive after it says ("urged Iran
/// to stop", "sent troops to quell", "helped Kenya to rebuild"): English
/// object-control verbs, a closed class.
const OBJECT_CONTROL: &[&str] = &[
    "advise",
    "allow",
    "appeal",
    "appoint",
    "ask",
    "authorize",
    "authorise",
    "beg",
    "cause",
    "challenge",
    "choose",
    "command",
    "compel",
    "convince",
    "dare",
    "deploy",
    "direct",
    "elect",
    "empower",
    "enable",
    "encourage",
    "entitle",
    "expect",
    "force",
    "get",
    "help",
    "hire",
    "implore",
    "incite",
    "induce",
    "inspire",
    "instruct",
    "invite",
    "lead",
    "leave",
    "nominate",
    "oblige",
    "order",
    "permit",
    "persuade",
    "plead",
    "press",
    "pressure",
    "pressurise",
    "prompt",
    "push",
    "recruit",
    "remind",
    "request",
    "require",
    "select",
    "send",
    "teach",
    "tell",
    "train",
    "trust",
    "urge",
    "use",
    "want",
    "warn",
];

/// A state's government or armed forces, or a country acting as one
/// (`ISR`, `SYRGOV`, `RUSMIL`).
fn state_force(actor: &Actor) -> bool {
    actor.country.is_some()
        && actor
            .sector
            .as_deref()
            .is_none_or(|sector| matches!(sector, "GOV" | "MIL"))
}

/// Whether `source` and `target` are politicians or political bodies of
/// one country (government, legislature, elite, judiciary, party; the
/// source may also be a person of that country known by no role).
fn domestic_politics(source: &Actor, target: &Actor) -> bool {
    let political = |a: &Actor| {
        a.sector
            .as_deref()
            .is_some_and(|s| matches!(s, "GOV" | "LEG" | "ELI" | "JUD" | "PTY"))
    };
    source.country.is_some()
        && source.country == target.country
        && political(target)
        && (political(source) || source.sector.is_none())
}

/// Whether an actor is an international or non-governmental organisation.
fn is_organisation(actor: &Actor) -> bool {
    actor
        .code
        .as_deref()
        .is_some_and(|c| c.starts_with("IGO") || c.starts_with("NGO"))
}

/// Gives actors without a country the country of `place` ("officials in
/// Tehran", "the president of Armenia").
fn fill_country(actors: &mut [Actor], place: &[Actor]) {
    let Some(country) = place.iter().find_map(|a| a.country.clone()) else {
        return;
    };
    for actor in actors.iter_mut() {
        if actor.country.is_some() || is_organisation(actor) {
            continue;
        }
        actor.code = Some(match &actor.sector {
            Some(sector) => format!("{country}{sector}"),
            None => country.clone(),
        });
        actor.country = Some(country.clone());
    }
}

/// The noun group starting at `from` (after determiners and adjectives),
/// when it names an actor within three words.
fn phrase_after(
    words: &[Word<'_>],
    cues: &[Option<Cue>],
    from: usize,
) -> Option<std::ops::Range<usize>> {
    let at = (from..words.len().min(from + 4)).find(|&k| cues[k].is_some())?;
    Some(phrase_around(words, cues, at))
}

/// The comma that opens a relative clause ending just before `start`
/// (", which is backed by Y,"), else `start`.
fn before_relative(words: &[Word<'_>], start: usize) -> usize {
    if start < 3 || words[start - 1].class != Class::Comma {
        return start;
    }
    for k in (1..start - 1).rev() {
        let word = &words[k];
        if matches!(word.class, Class::Comma | Class::Punct) {
            return start;
        }
        if word.class == Class::Comp
            && matches!(word.lower.as_str(), "which" | "who")
            && words[k - 1].class == Class::Comma
        {
            return k - 1;
        }
    }
    start
}

/// Where the clause after a governor starts: past adverbs and days and a
/// "that" ("demanded today that Spain …").
fn after_that(words: &[Word<'_>], from: usize) -> usize {
    let mut at = from;
    while words.get(at).is_some_and(skippable) {
        at += 1;
    }
    if words.get(at).is_some_and(|w| w.lower == "that") {
        at + 1
    } else {
        from
    }
}

/// Words a pattern may skip even between adjacent elements: adverbs and
/// days ("called Thursday on", "met again with").
fn skippable(word: &Word<'_>) -> bool {
    word.class == Class::Adverb
        || matches!(
            word.lower.as_str(),
            "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "today"
                | "yesterday"
                | "tomorrow"
                | "tonight"
        )
}

/// Unidentified armed men in the country of the place `place` names
/// (`KENUAF` for "Nairobi"), keeping its words; none if it has no country.
fn armed_men_in(place: Actor) -> Option<Actor> {
    let country = place.country?;
    Some(Actor {
        code: Some(format!("{country}UAF")),
        country: Some(country),
        sector: Some("UAF".to_string()),
        text: place.text,
        entity: place.entity,
    })
}

/// The verb a noun trigger is the object of: the nearest verb before it in
/// the same clause, within six words.
fn governing_verb(words: &[Word<'_>], at: usize) -> Option<usize> {
    verb_before(words, at, 6)
}

/// Whether the word at `head` stands in a subordinate clause or a
/// participle phrase: after a complementiser (but not the "that" of
/// reported speech), an adjunct opener, or an -ing form after a comma.
fn embedded(words: &[Word<'_>], head: usize, first_speech: Option<usize>) -> bool {
    let participle = words[head].form == Form::Ing
        && head > 0
        && matches!(words[head - 1].class, Class::Comma | Class::Conj);
    participle
        || words[..head]
            .iter()
            .enumerate()
            .any(|(j, w)| match w.class {
                Class::Adjunct => w.lower != "according",
                // ", which is backed by X," closes at its comma.
                Class::Comp
                    if matches!(w.lower.as_str(), "which" | "who" | "whom" | "whose")
                        && j > 0
                        && words[j - 1].class == Class::Comma
                        && words[j..head].iter().any(|w| w.class == Class::Comma) =>
                {
                    false
                }
                Class::Comp => !(w.lower == "that" && first_speech.is_some_and(|sp| sp < j)),
                _ => false,
            })
}

/// Whether the anchor at `at` stands where a verb stands.
fn verb_position(words: &[Word<'_>], at: usize) -> bool {
    if words.get(at + 1).is_some_and(|w| w.lower == "of") {
        return false;
    }
    // "held up signs": the object of a verb and its particle.
    if at >= 2
        && matches!(words[at - 1].lower.as_str(), "up" | "out" | "down" | "off")
        && words[at - 2].verb
        && words[at - 2].class == Class::Word
    {
        return false;
    }
    match at.checked_sub(1).and_then(|i| words.get(i)) {
        None => true,
        Some(prev) => match prev.class {
            Class::Det | Class::Poss | Class::Num => false,
            Class::Word if prev.verb && !prev.capital => false,
            Class::Word if words[at].form == Form::S && !prev.capital => false,
            _ => true,
        },
    }
}

fn is_acronym(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
}

/// A sentence being coded.
struct Sentence<'t, 'w> {
    text: &'t str,
    words: &'w [Word<'t>],
    cues: &'w [Option<Cue>],
    index: usize,
    span: Span,
    /// Whether it names a disaster or an accident (computed once).
    disaster: std::cell::OnceCell<bool>,
    /// Whether it is about sport, a drug test or a market (computed once).
    sport: std::cell::OnceCell<bool>,
    /// Whether the sentence before it names a disaster ("200 fires are
    /// burning. The government declared a state of emergency.").
    after_disaster: bool,
    /// The two sides of the last event before it that had both ("Kenya
    /// met Uganda. Both governments will hold talks."), for "both sides".
    pair_before: Option<(Actor, Actor)>,
    /// The actors this sentence mentions, for its pronouns ([`refer`]).
    here: &'w [refer::Referent],
    /// The actors the sentences before it mentioned.
    discourse: &'w refer::Discourse,
    /// Set when a subject was a pronoun for someone the coder cannot name
    /// (a private person, nobody mentioned): the event has no source.
    unnamed: std::cell::Cell<bool>,
}

impl Sentence<'_, '_> {
    fn disaster(&self) -> bool {
        *self.disaster.get_or_init(|| sense::disaster_in(self.words))
    }

    fn sport(&self) -> bool {
        *self.sport.get_or_init(|| sense::sport_in(self.words))
    }
}

/// A pattern match.
#[derive(Debug, Clone)]
struct Match {
    pattern: usize,
    anchor: usize,
    end: usize,
    positions: Vec<usize>,
}

/// An event found in a sentence, before its actors are coded.
#[derive(Debug, Clone)]
struct Found {
    content: Option<usize>,
    governor: Option<usize>,
    /// A governor of the governor ("rejected an appeal for deploying").
    outer: Option<usize>,
    head: usize,
    code: String,
    same_as_content: bool,
    /// The head is in a subordinate clause or a participle phrase.
    embedded: bool,
    /// An obligation laid on the clause's subject ("X must agree").
    obliged: bool,
    /// How many events the sentence gives.
    crowd: usize,
    /// Implied by its subject, with no pattern ("protesters dug in").
    implied: bool,
}

/// The day of an event in the sentence `sentence` triggered by `trigger`:
/// the resolved date expression of the sentence nearest the trigger, else
/// the nearest resolved one before the sentence in its paragraph, else the
/// publication date; `(None, None)` only when there is none of these.
pub(crate) fn event_date(
    sentence: Span,
    trigger: Span,
    annotations: &Annotations,
    article: &Article,
) -> (Option<jiff::civil::Date>, Option<DateSource>) {
    let resolved = || annotations.dates.iter().filter(|d| d.date.is_some());
    let in_sentence = resolved()
        .filter(|d| d.span.start >= sentence.start && d.span.end <= sentence.end)
        .filter(|d| !other_clause(&article.text, trigger, d.span))
        .min_by_key(|d| {
            if d.span.start >= trigger.end {
                d.span.start - trigger.end
            } else {
                trigger.start.saturating_sub(d.span.end)
            }
        });
    if let Some(mention) = in_sentence {
        return (mention.date, Some(DateSource::Sentence));
    }
    let paragraph = article
        .paragraphs
        .iter()
        .find(|p| p.start <= sentence.start && sentence.start < p.end);
    if let Some(paragraph) = paragraph {
        let before = resolved()
            .filter(|d| d.span.start >= paragraph.start && d.span.end <= sentence.start)
            .max_by_key(|d| d.span.end);
        if let Some(mention) = before {
            return (mention.date, Some(DateSource::Paragraph));
        }
    }
    match article.published {
        Some(published) => (Some(published.date()), Some(DateSource::Published)),
        None => (None, None),
    }
}

/// Words that open a clause of their own: a date after one of them between
/// the trigger and the date belongs to that clause ("the worst floods since
/// measurements began in 1921", "the town, which fell in 2019").
const CLAUSE_OPENERS: &[&str] = &[
    "since", "until", "till", "which", "who", "whom", "whose", "where", "when", "while", "because",
];

/// Whether the date at `date` stands in another clause than the trigger at
/// `trigger`: a clause opener ([`CLAUSE_OPENERS`]) between the two, or
/// "since" right before the date or opening it ("since 1921", "since last
/// month" start a period, they do not date the act).
fn other_clause(text: &str, trigger: Span, date: Span) -> bool {
    let (from, to) = if date.start >= trigger.end {
        (trigger.end, date.start)
    } else {
        (date.end, trigger.start)
    };
    let between = text.get(from..to).unwrap_or("");
    let opener = |word: &str| {
        let lower = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        CLAUSE_OPENERS.contains(&lower.as_str())
    };
    if date.start >= trigger.end && between.split_whitespace().any(opener) {
        return true;
    }
    if date.start < trigger.end {
        // A date before the trigger is in another clause when an opener
        // begins the date's clause and a comma closes it before the
        // trigger ("When talks failed in May, troops attacked").
        let head = text.get(..date.start).unwrap_or("");
        let clause = head
            .rfind([',', ';', '.', ':'])
            .map_or(head, |cut| &head[cut + 1..]);
        if clause.split_whitespace().any(opener) && between.contains(',') {
            return true;
        }
    }
    let since = |w: &str| w.eq_ignore_ascii_case("since");
    text.get(..date.start)
        .and_then(|head| head.split_whitespace().next_back())
        .is_some_and(since)
        || text
            .get(date.start..date.end)
            .and_then(|own| own.split_whitespace().next())
            .is_some_and(since)
}

/// The key under which reports of one happening merge: source code, target
/// code, CAMEO code and date (`RUSGOV|ISRGOV|041|2026-01-16`; `-` for a
/// missing part). The store counts mentions, articles and sources per key,
/// as GDELT's NumMentions, NumArticles and NumSources.
pub fn event_key(event: &Event) -> String {
    let code = |actor: &Option<Actor>| {
        actor
            .as_ref()
            .and_then(|a| a.code.clone())
            .unwrap_or_else(|| "-".to_string())
    };
    let date = event
        .date
        .map_or_else(|| "-".to_string(), |d| d.to_string());
    format!(
        "{}|{}|{}|{}",
        code(&event.source),
        code(&event.target),
        event.cameo,
        date
    )
}

/// The country of the place after the trigger ("in Lisbon", "at the
/// border near Velmora"), as a bare actor.
fn place_country(s: &Sentence<'_, '_>, trigger: usize) -> Vec<Actor> {
    let words = s.words;
    (trigger + 1..words.len())
        .take_while(|&k| !is_boundary(&words[k]))
        .filter(|&k| matches!(words[k].lower.as_str(), "in" | "at" | "near"))
        .find_map(|k| {
            let mut at = k + 1;
            while at < words.len() && words[at].class == Class::Det {
                at += 1;
            }
            let cue = s.cues.get(at).and_then(Option::as_ref)?;
            if cue.place {
                cue.country.clone()
            } else {
                None
            }
        })
        .map(|country| Actor {
            code: Some(country.clone()),
            country: Some(country),
            sector: None,
            text: String::new(),
            entity: None,
        })
        .into_iter()
        .collect()
}

/// The first country the sentence names (a country, demonym, capital or
/// national institution), as a bare actor.
fn sentence_country(s: &Sentence<'_, '_>) -> Vec<Actor> {
    s.cues
        .iter()
        .flatten()
        .find_map(|cue| cue.country.clone())
        .map(|country| Actor {
            code: Some(country.clone()),
            country: Some(country),
            sector: None,
            text: String::new(),
            entity: None,
        })
        .into_iter()
        .collect()
}

/// "a lunch hosted by X", "talks mediated by Y": a past participle right
/// after a noun and before "by" is a reduced passive relative clause, not
/// the sentence's main verb.
fn reduced_passive(words: &[Word<'_>], at: usize) -> bool {
    // "a plant destroyed in August by American cruise missiles": the "by"
    // may follow a phrase of time or place.
    let by_after_phrase = || {
        let until = words.len().min(at + 7);
        words.get(at + 1).is_some_and(|w| {
            (w.class == Class::Prep && w.lower != "by")
                || skippable(w)
                || matches!(
                    w.lower.as_str(),
                    "last" | "this" | "early" | "late" | "earlier"
                )
        }) && (at + 2..until)
            .take_while(|&k| {
                !is_boundary(&words[k])
                    && words[k].class != Class::Comma
                    && !(words[k].class == Class::Word && is_verb_at(words, k))
            })
            .any(|k| words[k].lower == "by")
    };
    let by_agent = || words.get(at + 1).is_some_and(|w| w.lower == "by") || by_after_phrase();
    let noun_at = |i: usize| words[i].class == Class::Word && !is_verb_at(words, i);
    if at == 0 || words[at].form != Form::Past {
        return false;
    }
    // "The embassy, attacked on Monday by rebels, was closed": set off by
    // commas after its noun.
    if at > 1 && words[at - 1].class == Class::Comma && noun_at(at - 2) {
        return by_agent() || set_off_before_verb(words, at);
    }
    noun_at(at - 1)
        && (by_agent() || sense::victims_described(words, at) || object_missing(words, at))
}

/// "Governor Bush, asked about the execution in an interview, discussed
/// …": a participle phrase between commas, right after its noun and right
/// before that noun's own verb, describes what was done to the noun.
fn set_off_before_verb(words: &[Word<'_>], at: usize) -> bool {
    let Some(close) = (at + 1..words.len().min(at + 26))
        .take_while(|&k| words[k].class != Class::Punct)
        .find(|&k| words[k].class == Class::Comma)
    else {
        return false;
    };
    let Some(next) = (close + 1..words.len()).find(|&k| words[k].class != Class::Adverb) else {
        return false;
    };
    let word = &words[next];
    matches!(word.class, Class::Aux | Class::Modal)
        || (word.class == Class::Word
            && is_verb_at(words, next)
            && matches!(word.form, Form::Past | Form::S))
}

/// Verbs whose object comes before their complement ("accused him of
/// spying", "charged them with murder"), with that complement's
/// preposition: right after a noun, the participle followed at once by
/// the preposition has lost its object to the noun before ("the
/// dissident accused of masterminding", "a man charged with murder"), so
/// that noun suffers the act.
const OBJECT_THEN: &[(&str, &[&str])] = &[
    ("accuse", &["of"]),
    ("suspect", &["of", "in"]),
    ("convict", &["of", "for", "in"]),
    ("charge", &["with"]),
    ("blame", &["for"]),
    ("sentence", &["to"]),
    ("indict", &["on", "for"]),
    ("sanction", &["for"]),
];

/// Whether the participle at `at` is one of [`OBJECT_THEN`] directly
/// followed by its complement's preposition.
fn object_missing(words: &[Word<'_>], at: usize) -> bool {
    let Some(next) = words.get(at + 1) else {
        return false;
    };
    OBJECT_THEN
        .iter()
        .any(|(lemma, preps)| words[at].lemma == *lemma && preps.contains(&next.lower.as_str()))
}
