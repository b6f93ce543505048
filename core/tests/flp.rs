//! The consistency circuit (hand_in/flp.rs) through Prio3's whole path:
//! a client shards, two holders verify (each with their own share) and
//! aggregate, and the sums come out. Honest responses of every built-in
//! questionnaire, at every edge, are accepted and summed exactly; each
//! kind of inconsistent response, built by a client that encodes what it
//! likes, is refused by the proof.

use prio::field::{Field128, FieldElement};
use prio::flp::{Flp, Type};
use prio::vdaf::{Aggregator, Client, Collector, VerifyTransition};
use pulse_core::hand_in::flp::{Consistent, MeasureShape, Prio3Consistent, Response, FIFTHS};
use pulse_core::hand_in::split::Layout;
use pulse_core::Catalogue;

const CTX: &[u8] = b"practice-pulse flp test";

fn circuit() -> Consistent {
    Layout::of(&Catalogue::builtin()).expect("the built-in layout").circuit
}

/// One response through the whole path: sharded, verified by both
/// holders (each with only its own input share), its output shares.
fn verify(vdaf: &Prio3Consistent, input: &[Field128], n: u8) -> Option<[Vec<Field128>; 2]> {
    let nonce = [n; 16];
    let key = [7u8; 32];
    let (public, shares) = vdaf.shard(CTX, &input.to_vec(), &nonce).expect("shards");
    let mut states = Vec::new();
    let mut verifier_shares = Vec::new();
    for (id, share) in shares.iter().enumerate() {
        let (state, vs) = vdaf.verify_init(&key, CTX, id, &(), &nonce, &public, share).ok()?;
        states.push(state);
        verifier_shares.push(vs);
    }
    let message = vdaf.verifier_shares_to_message(CTX, &(), verifier_shares).ok()?;
    let mut out = Vec::new();
    for state in states {
        match vdaf.verify_next(CTX, state, message.clone()).ok()? {
            VerifyTransition::Finish(share) => out.push(share.as_ref().to_vec()),
            VerifyTransition::Continue(..) => return None,
        }
    }
    out.try_into().ok()
}

/// What the two holders' sums give, for these accepted responses.
fn aggregate(vdaf: &Prio3Consistent, inputs: &[Vec<Field128>]) -> Vec<u128> {
    let mut shares = [Vec::new(), Vec::new()];
    for (n, input) in inputs.iter().enumerate() {
        let [a, b] = verify(vdaf, input, n as u8).expect("an honest response verifies");
        shares[0].push(prio::vdaf::OutputShare::from(a));
        shares[1].push(prio::vdaf::OutputShare::from(b));
    }
    let [a, b] = shares;
    let agg = [vdaf.aggregate(&(), a).expect("sums"), vdaf.aggregate(&(), b).expect("sums")];
    vdaf.unshard(&(), agg, inputs.len()).expect("unshards")
}

/// The values worth trying for a measure: both ends, and each fifth's
/// first and last.
fn edges(shape: &MeasureShape) -> Vec<u128> {
    let mut out = vec![0, shape.span, shape.span / 2];
    for &s in &shape.starts {
        out.extend([s.saturating_sub(1), s.min(shape.span)]);
    }
    out.sort();
    out.dedup();
    out
}

fn honest(c: &Consistent, j: usize) -> Response {
    Response {
        measures: c.measures().iter().map(|m| edges(m)[j % edges(m).len()]).collect(),
        items: c.options().iter().map(|&k| j % k).collect(),
        gave: (0..c.output_len() - c.output_proportion_at(0)).map(|p| (j + p).is_multiple_of(2)).collect(),
    }
}

/// The sums the truth gives: per measure each fifth's count, Σv, Σv²;
/// per item each option's count; per proportion the count given.
fn expected(c: &Consistent, people: &[Response]) -> Vec<u128> {
    let mut out = vec![0u128; c.output_len()];
    for p in people {
        for (i, (shape, &v)) in c.measures().iter().zip(&p.measures).enumerate() {
            let at = c.output_measure_at(i);
            out[at + shape.fifth(v)] += 1;
            out[at + FIFTHS] += v;
            out[at + FIFTHS + 1] += v * v;
        }
        for (i, &o) in p.items.iter().enumerate() {
            out[c.output_item_at(i) + o] += 1;
        }
        for (i, &g) in p.gave.iter().enumerate() {
            out[c.output_proportion_at(i)] += u128::from(g);
        }
    }
    out
}

#[test]
fn honest_responses_of_every_builtin_questionnaire_at_every_edge_verify_and_sum_exactly() {
    let c = circuit();
    let vdaf = c.clone().prio3().expect("Prio3");
    let most = c.measures().iter().map(|m| edges(m).len()).max().expect("measures");
    let people: Vec<Response> = (0..most.max(6)).map(|j| honest(&c, j)).collect();
    // Every edge of every measure, every option of every item (the
    // largest item has fewer options than there are people), both bits.
    assert!(c.options().iter().all(|&k| k <= people.len()));
    let inputs: Vec<Vec<Field128>> =
        people.iter().map(|p| c.encode_response(p).expect("an honest response encodes")).collect();
    assert_eq!(aggregate(&vdaf, &inputs), expected(&c, &people));
}

/// Every whole number in each built-in measure's range passes the circuit
/// (its validity outputs are all zero), checked on the circuit itself,
/// which is what Prio3's proof shows the holders. (Every 7th for the
/// widest, beside every edge, to keep the test short.)
#[test]
fn every_v_of_every_builtin_measure_passes_the_circuit() {
    let c = circuit();
    let base = honest(&c, 0);
    let joint = Field128::random_vector(c.joint_rand_len());
    for (i, shape) in c.measures().iter().enumerate() {
        let step = if shape.span > 5000 { 7 } else { 1 };
        let mut values: Vec<u128> = (0..=shape.span).step_by(step).collect();
        values.extend(edges(shape));
        for v in values {
            let mut person = base.clone();
            person.measures[i] = v;
            let input = c.encode_response(&person).expect("encodes");
            let out = c.valid(&mut c.gadget(), &input, &joint, 1).expect("runs");
            assert!(out.iter().all(|x| *x == Field128::zero()), "measure {i}, v = {v}");
        }
    }
}

/// A crafted response: an honest one, changed in one place of its input.
/// Where a measure's entries sit in the input (the module's order: five
/// fifths, v, q, t₁'s bits, t₂'s bits).
struct Places {
    fifths: usize,
    v: usize,
    q: usize,
    t1: usize,
    t2: usize,
    width: usize,
}

fn places(c: &Consistent, measure: usize) -> Places {
    let mut at = 0;
    for (i, m) in c.measures().iter().enumerate() {
        let width = (128 - m.span.leading_zeros()) as usize;
        if i == measure {
            let v = at + FIFTHS;
            return Places { fifths: at, v, q: v + 1, t1: v + 2, t2: v + 2 + width, width };
        }
        at += FIFTHS + 2 * width + 2;
    }
    panic!("no measure {measure}")
}

fn item_at(c: &Consistent, item: usize) -> usize {
    let measures: usize =
        c.measures().iter().map(|m| FIFTHS + 2 * (128 - m.span.leading_zeros()) as usize + 2).sum();
    measures + c.options()[..item].iter().sum::<usize>()
}

fn f(x: i128) -> Field128 {
    if x >= 0 {
        Field128::from(x as u128)
    } else {
        -Field128::from(x.unsigned_abs())
    }
}

fn refused(c: &Consistent, input: &[Field128]) -> bool {
    verify(&c.clone().prio3().expect("Prio3"), input, 9).is_none()
}

/// The honest input for one measure at `v`, the others at an edge.
fn honest_at(c: &Consistent, measure: usize, v: u128) -> (Vec<Field128>, Places) {
    let mut person = honest(c, 1);
    person.measures[measure] = v;
    (c.encode_response(&person).expect("encodes"), places(c, measure))
}

/// Writes a witness as a crafted client would: in true bits when it is in
/// `[0, span]` (as the honest encoder does), else all of it in the first
/// "bit" (then only its bit checks fail).
fn witness(input: &mut [Field128], at: usize, width: usize, span: u128, x: i128) {
    let slots = &mut input[at..at + width];
    slots.iter_mut().for_each(|s| *s = Field128::zero());
    if x < 0 || x as u128 > span {
        slots[0] = f(x);
        return;
    }
    let last = span - ((1u128 << (width - 1)) - 1);
    let (mut rest, top) =
        if x as u128 > (1u128 << (width - 1)) - 1 { (x as u128 - last, 1) } else { (x as u128, 0) };
    for slot in slots.iter_mut().take(width - 1) {
        *slot = Field128::from(rest & 1);
        rest >>= 1;
    }
    slots[width - 1] = Field128::from(top);
}

/// A crafted measure 0 (CBI's first, span 6000, fifths starting at 0,
/// 1200, 2400, 3600, 4800): these marks, this v and q, the witnesses
/// t₁ = v − Σ mark·first and t₂ = Σ mark·last − v as the marks make them
/// (so the linear checks hold), unless given.
struct Craft {
    marks: [i128; 5],
    v: i128,
    q: Option<i128>,
    t1: Option<i128>,
    t2: Option<i128>,
}

fn craft(c: &Consistent, k: Craft) -> Vec<Field128> {
    let shape = &c.measures()[0];
    assert_eq!((shape.span, shape.starts), (6000, [1200, 2400, 3600, 4800]));
    let (mut input, p) = honest_at(c, 0, 0);
    let firsts = [0i128, 1200, 2400, 3600, 4800];
    let lasts = [1199i128, 2399, 3599, 4799, 6000];
    let lo: i128 = k.marks.iter().zip(firsts).map(|(m, x)| m * x).sum();
    let hi: i128 = k.marks.iter().zip(lasts).map(|(m, x)| m * x).sum();
    for (i, m) in k.marks.iter().enumerate() {
        input[p.fifths + i] = f(*m);
    }
    input[p.v] = f(k.v);
    input[p.q] = f(k.q.unwrap_or(k.v * k.v));
    witness(&mut input, p.t1, p.width, shape.span, k.t1.unwrap_or(k.v - lo));
    witness(&mut input, p.t2, p.width, shape.span, k.t2.unwrap_or(hi - k.v));
    input
}

#[test]
fn the_crafting_client_writes_an_honest_response_that_verifies() {
    let c = circuit();
    let (honest_input, _) = honest_at(&c, 0, 4000);
    let crafted = craft(&c, Craft { marks: [0, 0, 0, 1, 0], v: 4000, q: None, t1: None, t2: None });
    assert_eq!(crafted, honest_input);
    assert!(!refused(&c, &crafted));
}

#[test]
fn two_fifths_marked_are_refused() {
    // v = 4000 in the fourth fifth, the first marked too: the witnesses
    // (400 and 1998) fit, only "exactly one fifth" does not.
    let c = circuit();
    assert!(refused(&c, &craft(&c, Craft { marks: [1, 0, 0, 1, 0], v: 4000, q: None, t1: None, t2: None })));
}

#[test]
fn a_v_with_no_fifth_is_refused() {
    let c = circuit();
    assert!(refused(&c, &craft(&c, Craft { marks: [0; 5], v: 0, q: None, t1: None, t2: None })));
}

#[test]
fn fifths_that_are_not_bits_are_refused_even_when_they_sum_to_one() {
    // v = 3000 (third fifth) written as 2 × second − first: the window
    // 2400..=3599 holds v, so only the bit checks fail.
    let c = circuit();
    assert!(refused(&c, &craft(&c, Craft { marks: [-1, 2, 0, 0, 0], v: 3000, q: None, t1: None, t2: None })));
}

#[test]
fn a_square_that_is_not_v_times_v_is_refused() {
    let c = circuit();
    let q = Some(6000 * 6000);
    assert!(refused(&c, &craft(&c, Craft { marks: [0, 0, 0, 1, 0], v: 4000, q, t1: None, t2: None })));
}

#[test]
fn a_v_above_the_span_is_refused() {
    // v = span + 1 in the last fifth: t₂ = span − v = −1 cannot be bits.
    let c = circuit();
    assert!(refused(&c, &craft(&c, Craft { marks: [0, 0, 0, 0, 1], v: 6001, q: None, t1: None, t2: None })));
}

#[test]
fn a_negative_v_is_refused() {
    // v = −1 in the first fifth: t₁ = v − 0 = −1 cannot be bits.
    let c = circuit();
    assert!(refused(&c, &craft(&c, Craft { marks: [1, 0, 0, 0, 0], v: -1, q: None, t1: None, t2: None })));
}

#[test]
fn a_fifth_below_v_is_refused() {
    // v = 4000 (fourth fifth) marked in the fifth fifth: t₁ = v − 4800 is
    // negative, so cannot be bits.
    let c = circuit();
    assert!(refused(&c, &craft(&c, Craft { marks: [0, 0, 0, 0, 1], v: 4000, q: None, t1: None, t2: None })));
}

#[test]
fn a_fifth_below_v_with_a_false_witness_is_refused() {
    // As above, with t₁ written as the honest fifth's (400, true bits):
    // only t₁ = v − first fails.
    let c = circuit();
    let k = Craft { marks: [0, 0, 0, 0, 1], v: 4000, q: None, t1: Some(400), t2: None };
    assert!(refused(&c, &craft(&c, k)));
}

#[test]
fn a_fifth_above_v_with_a_false_witness_is_refused() {
    // v = 4000 marked in the third fifth (2400..=3599): t₂ = 3599 − v is
    // negative; written as the honest fifth's (799, true bits), only
    // t₂ = last − v fails.
    let c = circuit();
    let k = Craft { marks: [0, 0, 1, 0, 0], v: 4000, q: None, t1: None, t2: Some(799) };
    assert!(refused(&c, &craft(&c, k)));
}

#[test]
fn a_fifth_above_v_is_refused() {
    // The same with t₂ as the marks make it (−401): its bit checks fail.
    let c = circuit();
    assert!(refused(&c, &craft(&c, Craft { marks: [0, 0, 1, 0, 0], v: 4000, q: None, t1: None, t2: None })));
}

#[test]
fn two_options_of_one_item_are_refused() {
    let c = circuit();
    let (mut input, _) = honest_at(&c, 0, 0);
    let at = item_at(&c, 0);
    let chosen = (0..c.options()[0]).find(|&o| input[at + o] == Field128::one()).expect("one marked");
    let other = (chosen + 1) % c.options()[0];
    input[at + other] = Field128::one();
    assert!(refused(&c, &input));
}

#[test]
fn no_option_of_an_item_is_refused() {
    let c = circuit();
    let (mut input, _) = honest_at(&c, 0, 0);
    let at = item_at(&c, 0);
    for o in 0..c.options()[0] {
        input[at + o] = Field128::zero();
    }
    assert!(refused(&c, &input));
}

#[test]
fn options_that_are_not_bits_are_refused_even_when_they_sum_to_one() {
    let c = circuit();
    let (mut input, _) = honest_at(&c, 0, 0);
    let at = item_at(&c, 0);
    for o in 0..c.options()[0] {
        input[at + o] = Field128::zero();
    }
    input[at] = f(3);
    input[at + 1] = f(-2);
    assert!(refused(&c, &input));
}

#[test]
fn a_gave_one_that_is_not_a_bit_is_refused() {
    let c = circuit();
    let (mut input, _) = honest_at(&c, 0, 0);
    let last = input.len() - 1;
    input[last] = f(5);
    assert!(refused(&c, &input));
}

#[test]
fn an_honest_encoder_refuses_what_it_cannot_write() {
    let c = circuit();
    let mut person = honest(&c, 0);
    person.measures[0] = c.measures()[0].span + 1;
    assert!(c.encode_response(&person).is_err());
    let mut person = honest(&c, 0);
    person.items[0] = c.options()[0];
    assert!(c.encode_response(&person).is_err());
    let mut person = honest(&c, 0);
    person.gave.pop();
    assert!(c.encode_response(&person).is_err());
}
