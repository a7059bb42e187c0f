//! Bürgerhaushalt (participatory budget): cycles with dated phases,
//! proposals and their review, pre-selection by supports or Münster's
//! rating scale, knapsack or approval ballots by account or voting code,
//! results by greedy or the Method of Equal Shares, Pabulib and CSV
//! exports, and the implementation of winning projects.

mod ballot_list;
mod ballots;
mod codes;
mod context;
pub mod demo;
pub mod pabulib;
mod routes;
pub mod rules;
mod settings;
mod similar;
mod store;
mod tally;
mod views;

pub use routes::router;
