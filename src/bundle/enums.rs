//! Named values (`role`, column `kind`) read as text first: serde_json answers a number where an enum is
//! expected with a bare "expected value", which would send staff looking for a syntax error. The check
//! runs inside `visit_str`, so serde_json places the error at the value itself, not at the object's end.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{value::StrDeserializer, DeserializeOwned, Error, Visitor};
use serde::Deserializer;

pub fn from_text<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    d.deserialize_str(Text(PhantomData))
}

struct Text<T>(PhantomData<T>);

impl<T: DeserializeOwned> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, s: &str) -> Result<T, E> {
        T::deserialize(StrDeserializer::<serde::de::value::Error>::new(s)).map_err(E::custom)
    }
}
