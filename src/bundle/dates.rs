//! Dates in the bundle, read with Chinese error messages (chrono's own say only "input contains invalid
//! characters"). Dates are `YYYY-MM-DD`; timestamps RFC 3339 (`2024-06-30T08:00:00Z`). Parsing runs
//! inside `visit_str` so serde_json reports the position of the value itself.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{Error, Visitor};
use serde::{Deserialize, Deserializer, Serializer};

struct DateText;

impl Visitor<'_> for DateText {
    type Value = NaiveDate;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: Error>(self, s: &str) -> Result<NaiveDate, E> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| E::custom(format!("日期“{s}”无效，应写成 年-月-日，如 2024-06-30")))
    }
}

struct TimeText;

impl Visitor<'_> for TimeText {
    type Value = DateTime<Utc>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: Error>(self, s: &str) -> Result<DateTime<Utc>, E> {
        DateTime::parse_from_rfc3339(s.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| E::custom(format!("时间“{s}”无效，应写成 RFC 3339 格式，如 2024-06-30T08:00:00Z")))
    }
}

struct Date(NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DateText).map(Date)
    }
}

struct Time(DateTime<Utc>);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TimeText).map(Time)
    }
}

pub mod date_opt {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Date>::deserialize(d)?.map(|x| x.0))
    }
}

pub mod datetime_opt {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<Time>::deserialize(d)?.map(|x| x.0))
    }
}
