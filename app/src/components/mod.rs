mod form;
mod loading;
mod page_heading;

pub use form::{ChoiceField, Notice, TextField};
pub use loading::{LoadError, Loading, loaded};
pub use page_heading::PageHeading;
