//! Small, self-contained helpers every layer may use: slugs, "did you mean"
//! suggestions, HTML escaping, phrase matching, counts in words, stage timings and the files
//! compiled into the binary. Nothing here knows about handbooks; this folder
//! uses no other folder of the crate.

pub mod embedded;
pub mod html;
pub mod phrases;
pub mod plural;
pub mod slug;
pub mod suggest;
pub mod timings;
