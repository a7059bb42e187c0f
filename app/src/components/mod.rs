mod loading;
mod page_heading;

pub use loading::{LoadError, Loading};
pub use page_heading::PageHeading;
