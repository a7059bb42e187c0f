mod form;
mod loading;
mod page_heading;
mod report;
mod sections;

pub use form::{ChoiceField, Notice, TextField};
pub use loading::{LoadError, Loading, loaded};
pub use page_heading::PageHeading;
pub use report::ReportButton;
pub use sections::Sections;
