//! Ratsinformation: the council's bodies, committees, people, meetings and
//! papers, published as OParl 1.1 under `/oparl/v1`.

mod answers;
mod blocks;
mod conditional;
pub mod demo;
pub mod demo_pdf;
mod editing;
mod ical;
pub mod import;
mod indexed;
mod kind;
mod links;
mod list_facts;
mod non_public;
mod object;
pub mod ocr;
mod pdf_text;
mod places;
pub mod query;
mod render;
mod routes;
mod store;
mod texts;
mod timestamp;
mod version;

pub use routes::{api_router, oparl_router};

pub use answers::AnswerCache;
pub use editing::delete;
pub use indexed::{Indexed, organization_facet, organization_names, year_facet};
pub use kind::Kind;
pub use list_facts::ListFacts;
pub use texts::start_texts;
pub use version::CouncilVersion;
