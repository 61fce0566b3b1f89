//! Our own fixtures (invented places and events): plain text with debris in
//! German, French and Spanish, page labels before the title, an article about
//! a cookie law, and HTML pages with chrome of every kind.

mod common;

use tidings_clean::{clean, CleanConfig};
use tidings_model::{Article, Hints, MediaType, Reason};

use common::{assert_invariants, body, dump, fixture, html_doc, raw, removed_reason, text_doc};

fn clean_text(name: &str) -> Article {
    let article = clean(&text_doc(&fixture(name)), &CleanConfig::default());
    assert_invariants(&article);
    article
}

fn clean_html(name: &str) -> Article {
    let article = clean(&html_doc(&fixture(name)), &CleanConfig::default());
    assert_invariants(&article);
    article
}

/// The non-empty lines of a fixture between two lines (inclusive, exclusive).
fn lines_between<'t>(text: &'t str, first: &str, end: &str) -> Vec<&'t str> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let from = lines.iter().position(|l| l.starts_with(first)).unwrap();
    let to = lines.iter().position(|l| *l == end).unwrap();
    lines[from..to].to_vec()
}

fn check_removed(article: &Article, expected: &[(&str, Reason)]) {
    let shown = dump(article);
    for (text, reason) in expected {
        assert_eq!(
            removed_reason(article, text),
            Some(*reason),
            "{text}\n{shown}"
        );
    }
    assert_eq!(article.removed.len(), expected.len(), "{shown}");
}

#[test]
fn german_article_drops_german_cookie_notice_and_buttons() {
    let text = fixture("de_hafen.txt");
    let article = clean_text("de_hafen.txt");
    assert_eq!(
        article.title.as_deref(),
        Some("Hafen von Velmora nach Sturm wieder geöffnet")
    );
    assert_eq!(article.lang.as_deref(), Some("de"));
    assert_eq!(
        body(&article),
        lines_between(&text, "Die Hafenbehörde", "Teilen"),
        "{}",
        dump(&article)
    );
    check_removed(
        &article,
        &[
            ("Teilen", Reason::UiWord),
            ("Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren und die Zugriffe auf unsere Website zu analysieren.", Reason::Boilerplate),
            ("Weitere Informationen finden Sie in unserer Datenschutzerklärung.", Reason::Boilerplate),
            ("Alle akzeptieren", Reason::UiWord),
        ],
    );
}

#[test]
fn french_article_drops_read_more_cookies_and_copyright() {
    let text = fixture("fr_ferries.txt");
    let article = clean_text("fr_ferries.txt");
    assert_eq!(
        article.title.as_deref(),
        Some("Grève des ferries : accord trouvé à Portavel")
    );
    assert_eq!(article.lang.as_deref(), Some("fr"));
    assert_eq!(
        body(&article),
        lines_between(&text, "Les marins", "Lire la suite"),
        "{}",
        dump(&article)
    );
    check_removed(
        &article,
        &[
            ("Lire la suite", Reason::UiWord),
            ("Nous utilisons des cookies pour améliorer votre expérience et mesurer l'audience de notre site.", Reason::Boilerplate),
            ("Pour en savoir plus, consultez notre politique de confidentialité.", Reason::Boilerplate),
            ("© 2026 Le Courrier de Portavel. Tous droits réservés.", Reason::Boilerplate),
        ],
    );
}

#[test]
fn spanish_article_drops_share_cookies_accept_and_newsletter() {
    let text = fixture("es_inundaciones.txt");
    let article = clean_text("es_inundaciones.txt");
    assert_eq!(article.lang.as_deref(), Some("es"));
    assert_eq!(
        body(&article),
        lines_between(&text, "Las autoridades", "Compartir"),
        "{}",
        dump(&article)
    );
    check_removed(
        &article,
        &[
            ("Compartir", Reason::UiWord),
            ("Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle publicidad relacionada con sus preferencias.", Reason::Boilerplate),
            ("Aceptar", Reason::UiWord),
            ("Te puede interesar: suscríbete a nuestro boletín diario", Reason::Boilerplate),
        ],
    );
}

#[test]
fn page_labels_before_the_title_are_not_the_title() {
    let text = fixture("labels_first.txt");
    let article = clean_text("labels_first.txt");
    assert_eq!(
        article.title.as_deref(),
        Some("Velmora and Portavel sign a water-sharing treaty")
    );
    assert_eq!(
        body(&article),
        text.lines()
            .skip(9)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
    );
    check_removed(
        &article,
        &[
            ("Skip to content", Reason::UiWord),
            ("Menu", Reason::UiWord),
            ("World", Reason::PageLabel),
            ("Home > Middle East", Reason::PageLabel),
            ("Advertisement", Reason::UiWord),
            ("16 January 2026", Reason::PageLabel),
        ],
    );
    let date = article
        .removed
        .iter()
        .find(|r| r.text == "16 January 2026")
        .unwrap();
    assert_eq!(date.detail.as_deref(), Some("date line"));
}

#[test]
fn hint_title_claims_the_first_line() {
    let text = fixture("labels_first.txt");
    let hints = Hints {
        title: Some("Velmora and Portavel sign a water-sharing treaty".into()),
        ..Hints::default()
    };
    let article = clean(&raw(&text, MediaType::Text, hints), &CleanConfig::default());
    assert_eq!(
        article.title.as_deref(),
        Some("Velmora and Portavel sign a water-sharing treaty")
    );
    assert_eq!(article.paragraphs.len(), 3);
}

#[test]
fn an_article_about_a_cookie_law_keeps_its_paragraphs() {
    let text = fixture("cookie_law.txt");
    let article = clean_text("cookie_law.txt");
    assert_eq!(
        article.title.as_deref(),
        Some("Velmora council passes strict cookie consent law")
    );
    assert_eq!(
        body(&article),
        lines_between(&text, "The Velmora town council", "Share"),
        "{}",
        dump(&article)
    );
    check_removed(&article, &[("Share", Reason::UiWord)]);
}

#[test]
fn html_page_keeps_the_article_and_names_each_piece_of_chrome() {
    let article = clean_html("lighthouse.html");
    let shown = dump(&article);
    assert_eq!(
        article.title.as_deref(),
        Some("Portavel lighthouse restored after 40 years")
    );
    assert_eq!(article.lang.as_deref(), Some("en"));
    assert_eq!(article.site.as_deref(), Some("The Velmora Courier"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.velmora-courier.example/news/portavel-lighthouse")
    );
    assert_eq!(article.authors, ["Mara Velin"]);
    assert_eq!(
        article.published.map(|p| p.to_string()).as_deref(),
        Some("2026-01-16T08:30:00Z")
    );
    assert_eq!(
        body(&article),
        [
            "The lighthouse at Portavel shone again on Thursday night for the first time in forty years, after volunteers spent three summers restoring its lamp, its gears and its spiral staircase.",
            "The Harbour Authority of Portavel, which owns the tower, said the light would guide small boats into the bay from March, when the fishing season opens.",
            "\"We did not think it would turn again,\" said Ilse Marrow, who led the volunteers. \"Now the whole town can see it from the quay.\"",
            "The restoration cost 180,000 euros, most of it raised by residents of Portavel and Velmora through a public appeal.",
        ],
        "{shown}"
    );
    let expected = [
        ("The Velmora Courier", Reason::Navigation),
        ("News", Reason::Navigation),
        ("Sport", Reason::Navigation),
        ("Culture", Reason::Navigation),
        ("We use cookies to personalise content and ads and to analyse our traffic. Read our privacy policy.", Reason::Boilerplate),
        ("Accept all", Reason::UiWord),
        ("Reject all", Reason::UiWord),
        ("Share Tweet Email", Reason::UiWord),
        ("Advertisement", Reason::UiWord),
        ("Velmora harbour reopens after storm", Reason::LinkList),
        ("Ferry strike ends in Portavel", Reason::LinkList),
        ("Most read", Reason::Navigation),
        ("Floods in the lower town", Reason::Navigation),
        ("© 2026 The Velmora Courier. All rights reserved.", Reason::Navigation),
        ("Terms of use", Reason::Navigation),
    ];
    for (text, reason) in expected {
        assert_eq!(
            removed_reason(&article, text),
            Some(reason),
            "{text}\n{shown}"
        );
    }
    // The byline is not body text either.
    assert!(
        removed_reason(&article, "By Mara Velin, harbour correspondent").is_some(),
        "{shown}"
    );
    assert_eq!(article.removed.len(), expected.len() + 1, "{shown}");
    assert!(!article.text.contains("script string"));
}

#[test]
fn messy_html_without_paragraphs_falls_back_to_line_breaks() {
    let article = clean_html("messy.html");
    let shown = dump(&article);
    assert_eq!(
        article.title.as_deref(),
        Some("Velmora bridge closed for repairs"),
        "{shown}"
    );
    assert_eq!(article.paragraphs.len(), 3, "{shown}");
    assert!(
        body(&article)[0].starts_with("The old stone bridge"),
        "{shown}"
    );
    assert!(
        body(&article)[2].starts_with("The repairs will cost"),
        "{shown}"
    );
    let german = article
        .removed
        .iter()
        .find(|r| r.text.starts_with("Ein Absatz"))
        .unwrap();
    assert_eq!(german.reason, Reason::Language, "{shown}");
    assert!(
        german
            .detail
            .as_deref()
            .unwrap()
            .starts_with("de, article en"),
        "{shown}"
    );
    assert_eq!(
        removed_reason(&article, "Home | Local | Weather"),
        Some(Reason::Navigation),
        "{shown}"
    );
}

#[test]
fn a_page_of_navigation_only_still_gives_an_article() {
    let page = r#"<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News from Velmora and Portavel</a></li></ul></nav>
<footer><a href="/about">About us</a></footer></body></html>"#;
    let article = clean(&html_doc(page), &CleanConfig::default());
    assert_invariants(&article);
    assert!(article.paragraphs.is_empty(), "{}", dump(&article));
    assert_eq!(article.removed.len(), 3);
    assert!(article
        .removed
        .iter()
        .all(|r| r.reason == Reason::Navigation));
}

#[test]
fn a_long_paragraph_that_comes_back_is_kept_and_a_repeated_caption_is_not() {
    let refrain = "The council will meet again on Monday to decide whether the quay stays open through the winter, and every trader on the waterfront has been asked to send a written view before then.";
    let caption = "Crews lift the last section of the breakwater into place at Portavel, Thursday (Velmora Times/Ana Ferro) more";
    let page = format!(
        r#"<html><head><title>Quay decision due Monday</title></head><body><article>
<h1>Quay decision due Monday</h1>
<p>{refrain}</p>
<p>{caption}</p>
<p>Harbour traders said on Friday that a closure would cost them most of the season, when the ferries bring three times the summer trade.</p>
<p>{caption}</p>
<p>{refrain}</p>
</article></body></html>"#
    );
    let article = clean(&html_doc(&page), &CleanConfig::default());
    assert_invariants(&article);
    let body = body(&article);
    assert_eq!(
        body.iter().filter(|p| **p == refrain).count(),
        2,
        "{}",
        dump(&article)
    );
    assert_eq!(
        body.iter().filter(|p| **p == caption).count(),
        1,
        "{}",
        dump(&article)
    );
    assert_eq!(removed_reason(&article, caption), Some(Reason::Repeated));
}

#[test]
fn a_malformed_canonical_link_leaves_the_fetched_url() {
    let page = |canonical: &str| {
        format!(
            r#"<html><head><title>Quay reopens</title><link rel="canonical" href="{canonical}"></head><body><article>
<p>The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm.</p>
<p>Crews worked through the night, a spokesman said, and the first ferry left at nine, on time.</p>
</article></body></html>"#
        )
    };
    let hints = Hints {
        url: Some("https://velmora.example/news/quay".into()),
        ..Hints::default()
    };
    let broken = clean(
        &raw(
            &page("http:///www.velmora.example/news/quay"),
            MediaType::Html,
            hints.clone(),
        ),
        &CleanConfig::default(),
    );
    assert_eq!(
        broken.url.as_deref(),
        Some("https://velmora.example/news/quay")
    );
    let good = clean(
        &raw(
            &page("https://www.velmora.example/quay"),
            MediaType::Html,
            hints,
        ),
        &CleanConfig::default(),
    );
    assert_eq!(
        good.url.as_deref(),
        Some("https://www.velmora.example/quay")
    );
}

#[test]
fn ruby_readings_stay_out_of_titles_and_text() {
    let page = r#"<html><head><title>Quay</title></head><body><article>
<h1><ruby>港<rp>(</rp><rt>みなと</rt><rp>)</rp></ruby>が再開</h1>
<p><ruby>北<rt>きた</rt></ruby>の<ruby>岸壁<rt>がんぺき</rt></ruby>は木曜日に再開され、最初のフェリーは九時に出航した。港湾局の広報担当者によると、作業員は夜通し作業を続けたという。</p>
</article></body></html>"#;
    let article = clean(&html_doc(page), &CleanConfig::default());
    assert_invariants(&article);
    assert_eq!(
        article.title.as_deref(),
        Some("港が再開"),
        "{}",
        dump(&article)
    );
    assert!(
        article.text.contains("北の岸壁は木曜日に再開され"),
        "{}",
        dump(&article)
    );
    assert!(!article.text.contains("みなと") && !article.text.contains("きた"));
}

#[test]
fn image_captions_are_removed_with_their_own_reason() {
    let page = r#"<html><head><title>Quay reopens</title></head><body><article>
<h1>Quay reopens</h1>
<p>The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm tore away part of the breakwater.</p>
<figure><img src="q.jpg"><figcaption>Crews lift the last section of the breakwater into place.</figcaption></figure>
<p>Crews worked through the night, a spokesman said, and the first ferry to Velmora left at nine, on time and full.</p>
<div class="wp-caption"><img src="f.jpg"><p class="wp-caption-text">The first ferry leaves Portavel at nine on Thursday morning.</p></div>
</article></body></html>"#;
    let article = clean(&html_doc(page), &CleanConfig::default());
    assert_invariants(&article);
    assert_eq!(body(&article).len(), 2, "{}", dump(&article));
    assert_eq!(
        removed_reason(
            &article,
            "Crews lift the last section of the breakwater into place."
        ),
        Some(Reason::Caption)
    );
    assert_eq!(
        removed_reason(
            &article,
            "The first ferry leaves Portavel at nine on Thursday morning."
        ),
        Some(Reason::Caption)
    );
}

#[test]
fn a_byline_becomes_the_authors_not_body() {
    let page = r#"<html><head><title>Quay reopens | Velmora Times</title></head><body><article>
<h1>Quay reopens</h1>
<div class="byline">By Ana Ferro and Tomas Lind</div>
<p>The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm.</p>
<p>Crews worked through the night, a spokesman said, and the first ferry left at nine, on time.</p>
</article></body></html>"#;
    let article = clean(&html_doc(page), &CleanConfig::default());
    assert_invariants(&article);
    assert_eq!(
        article.authors,
        ["Ana Ferro", "Tomas Lind"],
        "{}",
        dump(&article)
    );
    assert!(!article.text.contains("Ana Ferro"));
    let removed = article
        .removed
        .iter()
        .find(|r| r.text == "By Ana Ferro and Tomas Lind")
        .expect("the byline is recorded");
    assert!(removed
        .detail
        .as_deref()
        .is_some_and(|d| d.contains("byline")));
    // Authors the page names in its metadata win over the byline.
    let named = page.replace(
        "<head>",
        r#"<head><meta name="author" content="Desk Editor">"#,
    );
    let article = clean(&html_doc(&named), &CleanConfig::default());
    assert_eq!(article.authors, ["Desk Editor"]);
}

#[test]
fn long_paragraphs_in_scripts_without_spaces_are_body_not_labels() {
    let zh = "韦尔莫拉港务局星期四表示，北码头在风暴过后两天重新开放，第一班渡轮于上午九点准时出发。工人们连夜抢修被海浪冲毁的防波堤，港务局发言人说，新的防波堤比旧的更加坚固。当地渔民从星期一起一直在港口等待，他们说这次关闭让他们损失了将近一周的收入，希望政府能够提供补偿。";
    let ja = "ベルモラ港湾局は木曜日、嵐から二日後に北側の岸壁を再開したと発表した。作業員は夜通し防波堤の修理を続け、最初のフェリーは午前九時に予定どおり出航した。月曜日から港で待っていた漁師たちは、一週間近くの収入を失ったと話し、政府に補償を求めている。";
    for (lang, paragraph, title) in [("zh", zh, "北码头重新开放"), ("ja", ja, "北側の岸壁が再開")]
    {
        let page = format!(
            r#"<html lang="{lang}"><head><title>{title}</title></head><body><nav><a href="/">首页</a></nav><article><h1>{title}</h1><p>{paragraph}</p><p>{paragraph}。{title}</p></article></body></html>"#
        );
        let article = clean(&html_doc(&page), &CleanConfig::default());
        assert_invariants(&article);
        assert_eq!(body(&article).len(), 2, "{lang}: {}", dump(&article));
    }
}

#[test]
fn an_implausibly_small_main_content_falls_back_to_every_block() {
    // The container named like the article holds one short paragraph; the
    // story goes on in unnamed wrappers elsewhere on the page.
    let page = r#"<html><head><title>Quay reopens</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="article-body"><p>The northern quay at Portavel reopened on Thursday, officials said.</p></div>
<div><div><section><p>Crews worked through the night to repair the breakwater, a spokesman for the Harbour Authority said, and the first ferry to Velmora left at nine, on time and full.</p></section></div>
<div><section><p>Fishermen who had waited in port since Monday said the new breakwater had held better than the old one, although two trawlers were damaged at their moorings.</p></section></div>
<div><section><p>The authority said the southern quay would stay closed until engineers had inspected its foundations, which could take until the end of next week.</p></section></div></div>
<footer><p>Velmora Times, 12 Quay Street.</p></footer>
</body></html>"#;
    let article = clean(&html_doc(page), &CleanConfig::default());
    assert_invariants(&article);
    let body = body(&article);
    assert!(
        body.iter().any(|p| p.starts_with("The northern quay")),
        "{}",
        dump(&article)
    );
    assert!(
        body.iter().any(|p| p.starts_with("The authority said")),
        "{}",
        dump(&article)
    );
    assert!(
        !body.iter().any(|p| p.contains("Home")),
        "{}",
        dump(&article)
    );
}

#[test]
fn a_page_of_only_short_lines_keeps_them_rather_than_nothing() {
    let page = r#"<html><head><title>Harbour photographs</title></head><body><article>
<h2>The north quay at dawn</h2><img src="a.jpg" alt="">
<h2>Ferries waiting at Velmora</h2><img src="b.jpg" alt="">
</article></body></html>"#;
    let article = clean(&html_doc(page), &CleanConfig::default());
    assert_invariants(&article);
    assert_eq!(
        body(&article),
        ["The north quay at dawn", "Ferries waiting at Velmora"],
        "{}",
        dump(&article)
    );
}
