//! What service accounts really did, from CloudTrail (#34): the events as delivered
//! ([`records`]), each as the IAM action it needed ([`actions`]), and tied to the service account
//! whose pod made it ([`attribution`]); for a trail in Athena, the query that does the same work
//! there and its rows ([`athena`]). Pure: no SDK, no printer; the sources are read by the command
//! and handed in as bytes or rows.

pub mod actions;
pub mod athena;
pub mod attribution;
pub mod grants;
pub mod records;
pub mod rightsize;
pub mod trace;
