mod form;
mod loading;
mod module_intro;
mod page_heading;
mod report;
mod sections;
mod staff_only;

pub use form::{ChoiceField, Notice, TextField};
pub use loading::{LoadError, Loading, loaded};
pub use module_intro::ModuleIntro;
pub use page_heading::PageHeading;
pub use report::ReportButton;
pub use sections::Sections;
pub use staff_only::staff_only;
