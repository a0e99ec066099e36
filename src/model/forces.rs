//! The 43 territorial police forces of England and Wales that PEEL inspects: the
//! forces a national record of the built-in rubrics is counted against.

/// The forces' official names, as the national dataset spells them.
pub const ENGLAND_AND_WALES: [&str; 43] = [
    "Avon and Somerset Constabulary",
    "Bedfordshire Police",
    "Cambridgeshire Constabulary",
    "Cheshire Constabulary",
    "City of London Police",
    "Cleveland Police",
    "Cumbria Constabulary",
    "Derbyshire Constabulary",
    "Devon and Cornwall Police",
    "Dorset Police",
    "Durham Constabulary",
    "Dyfed-Powys Police",
    "Essex Police",
    "Gloucestershire Constabulary",
    "Greater Manchester Police",
    "Gwent Police",
    "Hampshire and Isle of Wight Constabulary",
    "Hertfordshire Constabulary",
    "Humberside Police",
    "Kent Police",
    "Lancashire Constabulary",
    "Leicestershire Police",
    "Lincolnshire Police",
    "Merseyside Police",
    "Metropolitan Police Service",
    "Norfolk Constabulary",
    "North Wales Police",
    "North Yorkshire Police",
    "Northamptonshire Police",
    "Northumbria Police",
    "Nottinghamshire Police",
    "South Wales Police",
    "South Yorkshire Police",
    "Staffordshire Police",
    "Suffolk Constabulary",
    "Surrey Police",
    "Sussex Police",
    "Thames Valley Police",
    "Warwickshire Police",
    "West Mercia Police",
    "West Midlands Police",
    "West Yorkshire Police",
    "Wiltshire Police",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forces_are_43_distinct_ids() {
        let ids: std::collections::BTreeSet<String> = ENGLAND_AND_WALES
            .iter()
            .map(|name| crate::model::ids::slug(name))
            .collect();
        assert_eq!(ids.len(), 43);
    }
}
