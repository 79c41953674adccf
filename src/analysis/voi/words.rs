//! What a value-of-information result means, in words: the sentences every format of
//! `sroi voi` leads with, kept in the result itself so that JSON readers get them too.

use super::VoiReport;

/// Top entries described in words.
const TOP: usize = 3;

/// An amount with a currency code and thousands separators, e.g. `GBP 12,300`, or with the
/// symbol for the currencies that have a common one.
fn money(x: f64, currency: &str) -> String {
    let symbol = match currency.to_ascii_uppercase().as_str() {
        "GBP" => "£".to_string(),
        "EUR" => "€".to_string(),
        "USD" | "AUD" | "CAD" | "NZD" => "$".to_string(),
        other => format!("{other} "),
    };
    let rounded = x.round();
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!(
        "{sign}{symbol}{}",
        crate::analysis::summary::group_thousands(rounded.abs() as u64)
    )
}

fn percent(p: f64) -> String {
    format!("{:.0}%", 100.0 * p)
}

/// True if `v`, an EVPPI, stands out from the noise of the estimate: above the noise
/// floor and above 1% of the EVPI.
pub fn above_noise(r: &VoiReport, v: f64) -> bool {
    v > noise(r)
}

/// The smallest EVPPI that stands out: the noise floor, or 1% of the EVPI if more.
pub fn noise(r: &VoiReport) -> f64 {
    r.noise_floor.max(0.01 * r.evpi)
}

/// The sentences: the current choice, the EVPI, and what knowing each of the top
/// quantities and groups exactly would be worth.
pub fn findings(r: &VoiReport) -> Vec<String> {
    let m = |x: f64| money(x, &r.currency);
    let mut out = Vec::new();
    let best = r
        .options
        .iter()
        .position(|o| *o == r.current_choice)
        .unwrap_or(0);
    let decision = if r.options.len() == 2 && r.options[0] == super::NOT_FUNDED {
        "whether to fund it".to_string()
    } else {
        format!("which of the {} options to choose", r.options.len())
    };
    out.push(format!(
        "On current information the better choice is \"{}\" (expected net benefit {}); the decision is {decision}.",
        r.current_choice,
        m(r.expected_net_benefit[best])
    ));
    if r.evpi <= 0.0 {
        out.push(
            "No draw favours another option: no information about any quantity could change the decision, so measuring anything is worth nothing to it (EVPI 0).".to_string(),
        );
        return out;
    }
    out.push(format!(
        "Knowing every quantity exactly before deciding would be worth up to {} to this decision (EVPI, ± {} Monte Carlo error): the most any research could be worth to it.",
        m(r.evpi),
        m(r.evpi_standard_error)
    ));
    let stands_out = |v: f64| above_noise(r, v);
    for q in r
        .quantities
        .iter()
        .take(TOP)
        .filter(|q| stands_out(q.evppi))
    {
        out.push(format!(
            "Knowing {} exactly would be worth up to {} to this decision ({} of the EVPI).",
            q.name,
            m(q.evppi),
            percent(q.share_of_evpi)
        ));
    }
    for g in r.groups.iter().take(TOP).filter(|g| stands_out(g.evppi)) {
        let what = match g.kind {
            "outcome" => format!(
                "every uncertain figure of {} ({} quantities)",
                g.name,
                g.members.len()
            ),
            _ => format!("the group {} ({})", g.name, g.members.join(", ")),
        };
        out.push(format!(
            "Knowing {what} exactly would be worth up to {} ({} of the EVPI).",
            m(g.evppi),
            percent(g.share_of_evpi)
        ));
    }
    if !r.quantities.iter().any(|q| stands_out(q.evppi)) {
        let groups = r.groups.iter().any(|g| stands_out(g.evppi));
        out.push(format!(
            "No single quantity stands out above the noise of the estimate ({}){}.",
            m(noise(r)),
            if groups {
                "; the value lies in learning several together"
            } else {
                ""
            }
        ));
    }
    let chosen = r.expected_net_benefit[best].abs();
    if chosen > 0.0 && r.evpi < 0.01 * chosen {
        out.push(format!(
            "The EVPI is {} of the expected net benefit of the current choice: the decision holds across the uncertainty, so no measurement is worth much to it.",
            if r.evpi < 0.0001 * chosen {
                "under 0.01%".to_string()
            } else {
                format!("{:.2}%", 100.0 * r.evpi / chosen)
            }
        ));
    }
    out
}
