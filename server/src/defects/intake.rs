//! Taking in a report, from the app or an Open311 client: the same checks
//! and the same staff inbox for both.

use std::collections::BTreeMap;

use shared::{
    defects::{DefectCategory, PhotoClaim, QuestionKind},
    geo::GeoPoint,
};

use super::{
    MAX_PHOTOS,
    store::{self, Claim, NewReport},
};
use crate::{
    db::Db,
    error::{Error, Result},
    secret,
};

/// Open311 allows 4,000 characters; the app keeps to the same.
const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 10..=4_000;
const ADDRESS_MAX_CHARS: usize = 200;
const NAME_MAX_CHARS: usize = 100;
const ANSWER_MAX_CHARS: usize = 500;

/// How a report arrived.
#[derive(Debug, Clone)]
pub enum Channel {
    App,
    Open311 {
        api_key: String,
        media_url: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Submission {
    pub category: String,
    pub location: GeoPoint,
    pub address: Option<String>,
    pub description: String,
    pub answers: BTreeMap<String, Vec<String>>,
    pub photos: Vec<PhotoClaim>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub name_public: bool,
    /// The signed-in reporter's account.
    pub reporter: Option<String>,
    pub channel: Channel,
}

/// Checks and stores a report; answers its number and Open311 token.
pub async fn submit(db: &Db, submission: Submission) -> Result<(u64, String)> {
    let categories = store::categories(db).await?;
    let category = categories
        .iter()
        .find(|c| c.code == submission.category && c.active)
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "Die Kategorie „{}“ gibt es nicht. Bitte wählen Sie eine aus der Liste.",
                submission.category
            ))
        })?;
    check_location(db, &submission.location).await?;
    let description = submission.description.trim().to_owned();
    if !DESCRIPTION_CHARS.contains(&description.chars().count()) {
        return Err(Error::InvalidInput(format!(
            "Bitte beschreiben Sie den Mangel in {} bis {} Zeichen.",
            DESCRIPTION_CHARS.start(),
            DESCRIPTION_CHARS.end()
        )));
    }
    let answers = checked_answers(category, submission.answers)?;
    if submission.photos.len() > MAX_PHOTOS {
        return Err(Error::InvalidInput(format!(
            "Höchstens {MAX_PHOTOS} Fotos pro Meldung."
        )));
    }
    let address = optional_text(submission.address, ADDRESS_MAX_CHARS, "Die Adresse")?;
    let name = optional_text(submission.name, NAME_MAX_CHARS, "Der Name")?;
    let email = optional_text(submission.email, NAME_MAX_CHARS * 2, "Die E-Mail-Adresse")?;
    if let Some(email) = &email
        && !looks_like_email(email)
    {
        return Err(Error::InvalidInput(format!(
            "„{email}“ ist keine E-Mail-Adresse."
        )));
    }
    let (channel, api_key, media_url) = match submission.channel {
        Channel::App => ("app", None, None),
        Channel::Open311 { api_key, media_url } => ("open311", Some(api_key), media_url),
    };
    let report = NewReport {
        category: category.code.clone(),
        department: category.department.clone(),
        location: submission.location,
        address,
        description,
        answers,
        name_public: submission.name_public && name.is_some(),
        reporter_name: name,
        contact: email,
        channel,
        api_key,
        media_url,
        token: secret::token()?,
    };
    let claims: Vec<Claim> = submission
        .photos
        .iter()
        .map(|p| Claim {
            id: p.id.clone(),
            claim: secret::sha256_hex(&p.key),
        })
        .collect();
    let number = store::allocate(db).await?;
    let first = format!(
        "Ihre Meldung ist eingegangen und geht an: {}. Wir bearbeiten sie in der Regel innerhalb von {} Arbeitstagen.",
        category.department, category.expected_days
    );
    store::create_report(
        db,
        number,
        &report,
        submission.reporter.as_deref(),
        &claims,
        &first,
    )
    .await?;
    tracing::info!(number, category = %category.code, channel, "defect reported");
    Ok((number, report.token))
}

/// The point must be on the earth and, once the city set its area, in it.
pub async fn check_location(db: &Db, point: &GeoPoint) -> Result<()> {
    if !point.is_valid() {
        return Err(Error::InvalidInput(
            "Diese Koordinaten gibt es nicht (Breite −90 bis 90, Länge −180 bis 180).".into(),
        ));
    }
    if let Some(area) = store::area(db).await?
        && !area.contains(point)
    {
        return Err(Error::InvalidInput(
            "Dieser Ort liegt außerhalb des Stadtgebiets. Mängel außerhalb melden Sie bitte der dort zuständigen Gemeinde.".into(),
        ));
    }
    Ok(())
}

fn optional_text(value: Option<String>, max: usize, what: &str) -> Result<Option<String>> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        return Err(Error::InvalidInput(format!(
            "{what} darf höchstens {max} Zeichen lang sein."
        )));
    }
    Ok(value)
}

fn looks_like_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !value.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Keeps answers to the category's questions only, each valid for its kind,
/// and insists on the required ones.
fn checked_answers(
    category: &DefectCategory,
    mut given: BTreeMap<String, Vec<String>>,
) -> Result<BTreeMap<String, Vec<String>>> {
    if let Some(unknown) = given
        .keys()
        .find(|code| !category.questions.iter().any(|q| &q.code == *code))
    {
        return Err(Error::InvalidInput(format!(
            "Die Kategorie „{}“ hat keine Frage „{unknown}“.",
            category.name
        )));
    }
    let mut answers = BTreeMap::new();
    for question in &category.questions {
        let values: Vec<String> = given
            .remove(&question.code)
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            if question.required {
                return Err(Error::InvalidInput(format!(
                    "Bitte beantworten Sie die Frage „{}“.",
                    question.label
                )));
            }
            continue;
        }
        let invalid =
            |why: &str| Error::InvalidInput(format!("Antwort auf „{}“: {why}", question.label));
        match question.kind {
            QuestionKind::Text | QuestionKind::Number if values.len() > 1 => {
                return Err(invalid("bitte nur eine Antwort."));
            }
            QuestionKind::Text if values[0].chars().count() > ANSWER_MAX_CHARS => {
                return Err(invalid("zu lang."));
            }
            QuestionKind::Number if values[0].replace(',', ".").parse::<f64>().is_err() => {
                return Err(invalid("bitte eine Zahl."));
            }
            QuestionKind::SingleChoice | QuestionKind::MultiChoice => {
                if question.kind == QuestionKind::SingleChoice && values.len() > 1 {
                    return Err(invalid("bitte nur eine Auswahl."));
                }
                if let Some(wrong) = values.iter().find(|v| !question.options.contains(v)) {
                    return Err(invalid(&format!(
                        "„{wrong}“ steht nicht zur Wahl ({}).",
                        question.options.join(", ")
                    )));
                }
            }
            _ => {}
        }
        answers.insert(question.code.clone(), values);
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use shared::defects::Question;

    use super::*;

    fn lamp() -> DefectCategory {
        DefectCategory {
            code: "strassenlaterne".into(),
            group: "Beleuchtung".into(),
            name: "Straßenlaterne defekt".into(),
            description: String::new(),
            department: "Tiefbauamt".into(),
            expected_days: 10,
            questions: vec![
                Question {
                    code: "mast".into(),
                    label: "Mastnummer".into(),
                    kind: QuestionKind::Text,
                    required: false,
                    options: vec![],
                },
                Question {
                    code: "art".into(),
                    label: "Was ist los?".into(),
                    kind: QuestionKind::SingleChoice,
                    required: true,
                    options: vec!["dunkel".into(), "flackert".into()],
                },
            ],
            keywords: vec![],
            active: true,
        }
    }

    fn answers(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn answers_are_checked_against_the_questions() {
        let ok = checked_answers(
            &lamp(),
            answers(&[("art", &["flackert"]), ("mast", &[" "])]),
        )
        .unwrap();
        assert_eq!(ok, answers(&[("art", &["flackert"])]));
        let missing = checked_answers(&lamp(), answers(&[])).unwrap_err();
        assert!(missing.to_string().contains("Was ist los?"), "{missing}");
        let wrong = checked_answers(&lamp(), answers(&[("art", &["brennt"])])).unwrap_err();
        assert!(wrong.to_string().contains("brennt"), "{wrong}");
        let unknown = checked_answers(
            &lamp(),
            answers(&[("art", &["dunkel"]), ("farbe", &["rot"])]),
        )
        .unwrap_err();
        assert!(unknown.to_string().contains("farbe"), "{unknown}");
    }

    #[test]
    fn email_addresses_need_an_at_and_a_domain() {
        assert!(looks_like_email("a@b.de"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("a b@c.de"));
        assert!(!looks_like_email("ab.de"));
    }
}
