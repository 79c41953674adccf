//! Arithmetic expressions in model files: `"caseload * (1 - dropout) * gp_visits_per_year"`.
//!
//! Any numeric field of a model may be a string in this tiny language: numbers, parameter
//! names, `+ - * / ^`, parentheses, unary minus and `min(a, b)`, `max(a, b)`. It is parsed
//! once, here, into an [`Expr`] tree, which validation checks (unknown names, cycles) and
//! compiles into the model's flat plan, so the sampling loop never interprets strings.
//! Syntax errors carry a byte offset and say, in a sentence, what was found and what was
//! expected; nothing here panics, whatever the input.

use std::fmt;

use crate::model::suggest::did_you_mean;

/// How deeply parentheses, signs and operators may nest: deep enough for any real model,
/// shallow enough that parsing, evaluating and compiling a tree recursively cannot overflow
/// the stack.
const MAX_DEPTH: usize = 200;

const FUNCTIONS: [&str; 2] = ["min", "max"];
const EXPECTED_OPERAND: &str = "expected a number, a name, `(` or `-`";

// Binding strength, loosest first; unary minus sits between `*` and `^`, so `-2^2 = -4`.
const ADDITIVE: u8 = 1;
const MULTIPLICATIVE: u8 = 2;
const UNARY: u8 = 3;
const POWER: u8 = 4;
const ATOM: u8 = 5;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number as written (never negative when parsed: `-2` is `Neg(Num(2.0))`).
    Num(f64),
    /// A parameter name; `offset` is its byte offset in the source string (for error messages).
    Var { name: String, offset: usize },
    /// Unary minus (unary plus leaves no trace in the tree).
    Neg(Box<Expr>),
    /// A binary operation.
    Bin {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `min(a, b)` or `max(a, b)`.
    Call { func: Func, args: Box<[Expr; 2]> },
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

/// A built-in function of two arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Min,
    Max,
}

/// A syntax error: where (byte offset into the expression string) and what, saying what was expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    /// Byte offset into the expression string.
    pub offset: usize,
    /// A sentence naming what was found and what was expected (positions in it are 1-based
    /// characters, for humans).
    pub message: String,
}

impl BinOp {
    /// The operator applied to two numbers (`Pow` is `libm`'s `pow`, the same on every machine).
    pub fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => a / b,
            BinOp::Pow => libm::pow(a, b),
        }
    }

    fn symbol(self) -> char {
        match self {
            BinOp::Add => '+',
            BinOp::Sub => '-',
            BinOp::Mul => '*',
            BinOp::Div => '/',
            BinOp::Pow => '^',
        }
    }

    fn precedence(self) -> u8 {
        match self {
            BinOp::Add | BinOp::Sub => ADDITIVE,
            BinOp::Mul | BinOp::Div => MULTIPLICATIVE,
            BinOp::Pow => POWER,
        }
    }
}

impl Func {
    /// The function applied to two numbers (`f64::min`, `f64::max`).
    pub fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Func::Min => a.min(b),
            Func::Max => a.max(b),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
        }
    }
}

impl Expr {
    /// Every parameter name used, with its byte offset, in order of appearance (repeats included).
    pub fn variables(&self) -> Vec<(&str, usize)> {
        let mut found = Vec::new();
        self.collect_variables(&mut found);
        found
    }

    fn collect_variables<'a>(&'a self, found: &mut Vec<(&'a str, usize)>) {
        match self {
            Expr::Num(_) => {}
            Expr::Var { name, offset } => found.push((name, *offset)),
            Expr::Neg(e) => e.collect_variables(found),
            Expr::Bin { lhs, rhs, .. } => {
                lhs.collect_variables(found);
                rhs.collect_variables(found);
            }
            Expr::Call { args, .. } => args.iter().for_each(|a| a.collect_variables(found)),
        }
    }

    /// Evaluate with a lookup for names (used for base cases and tests; the hot loop compiles the tree instead).
    pub fn eval(&self, lookup: &mut dyn FnMut(&str) -> f64) -> f64 {
        match self {
            Expr::Num(v) => *v,
            Expr::Var { name, .. } => lookup(name),
            Expr::Neg(e) => -e.eval(lookup),
            Expr::Bin { op, lhs, rhs } => op.apply(lhs.eval(lookup), rhs.eval(lookup)),
            Expr::Call { func, args } => func.apply(args[0].eval(lookup), args[1].eval(lookup)),
        }
    }

    /// The constant value if the expression uses no names (e.g. "300000 * 3").
    pub fn constant(&self) -> Option<f64> {
        Some(match self {
            Expr::Num(v) => *v,
            Expr::Var { .. } => return None,
            Expr::Neg(e) => -e.constant()?,
            Expr::Bin { op, lhs, rhs } => op.apply(lhs.constant()?, rhs.constant()?),
            Expr::Call { func, args } => func.apply(args[0].constant()?, args[1].constant()?),
        })
    }

    fn bin(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
        let (lhs, rhs) = (Box::new(lhs), Box::new(rhs));
        Expr::Bin { op, lhs, rhs }
    }

    fn precedence(&self) -> u8 {
        match self {
            // A negative number (from code, never from parsing) is written, and reads back, as a sign.
            Expr::Num(v) if v.is_sign_negative() => UNARY,
            Expr::Num(_) | Expr::Var { .. } | Expr::Call { .. } => ATOM,
            Expr::Neg(_) => UNARY,
            Expr::Bin { op, .. } => op.precedence(),
        }
    }
}

/// Canonical text with the fewest parentheses that keep the tree: `parse(&e.to_string()) == e`
/// up to name offsets, for any tree `parse` can produce.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Num(v) => {
                // Shortest text that reads back exactly; exponent form only at the extremes.
                let size = v.abs();
                if size != 0.0 && !(1e-6..1e16).contains(&size) {
                    write!(f, "{v:e}")
                } else {
                    write!(f, "{v}")
                }
            }
            Expr::Var { name, .. } => f.write_str(name),
            Expr::Neg(e) => {
                f.write_str("-")?;
                write_operand(f, e, e.precedence() < UNARY)
            }
            Expr::Bin { op, lhs, rhs } => {
                let (lhs_parens, rhs_parens) = if *op == BinOp::Pow {
                    // Right-associative, and the exponent may carry a sign: `2 ^ -1`.
                    (lhs.precedence() <= POWER, rhs.precedence() < UNARY)
                } else {
                    (
                        lhs.precedence() < op.precedence(),
                        rhs.precedence() <= op.precedence(),
                    )
                };
                write_operand(f, lhs, lhs_parens)?;
                write!(f, " {} ", op.symbol())?;
                write_operand(f, rhs, rhs_parens)
            }
            Expr::Call { func, args } => write!(f, "{}({}, {})", func.name(), args[0], args[1]),
        }
    }
}

fn write_operand(f: &mut fmt::Formatter<'_>, e: &Expr, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

/// Parse an expression, or say precisely what is wrong with it.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let tokens = lex(src)?;
    if tokens.len() == 1 {
        return Err(ExprError {
            offset: 0,
            message: "empty expression".to_string(),
        });
    }
    let mut parser = Parser {
        src,
        tokens,
        pos: 0,
        nesting: 0,
    };
    let (expr, _) = parser.expr()?;
    match parser.peek().tok {
        Tok::End => Ok(expr),
        _ => Err(parser.after_operand()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Num(f64),
    Name,
    Op(BinOp),
    LParen,
    RParen,
    Comma,
    End,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

/// The 1-based character position of a byte offset, as people count.
fn position(src: &str, offset: usize) -> usize {
    src.get(..offset).map_or(0, |s| s.chars().count()) + 1
}

fn error(offset: usize, message: String) -> ExprError {
    ExprError { offset, message }
}

/// The tokens of `src`, always ending with `Tok::End`.
fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = src[i..].chars().next() {
        let start = i;
        i += c.len_utf8();
        let tok = match c {
            c if c.is_whitespace() => continue,
            '0'..='9' | '.' => {
                let (value, end) = lex_number(src, start)?;
                i = end;
                Tok::Num(value)
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                i += bytes[i..].iter().take_while(|&&b| is_name_byte(b)).count();
                Tok::Name
            }
            '+' => Tok::Op(BinOp::Add),
            '-' => Tok::Op(BinOp::Sub),
            '*' => Tok::Op(BinOp::Mul),
            '/' => Tok::Op(BinOp::Div),
            '^' => Tok::Op(BinOp::Pow),
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            _ => {
                let at = position(src, start);
                return Err(error(
                    start,
                    format!(
                        "unexpected `{c}` at position {at}: \
                         expressions use + - * / ^, parentheses, min() and max()"
                    ),
                ));
            }
        };
        tokens.push(Token { tok, start, end: i });
    }
    tokens.push(Token {
        tok: Tok::End,
        start: src.len(),
        end: src.len(),
    });
    Ok(tokens)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The number starting at `start` and where it ends: digits with `_` separators as in TOML,
/// an optional fraction and an optional exponent.
fn lex_number(src: &str, start: usize) -> Result<(f64, usize), ExprError> {
    let b = src.as_bytes();
    let digits_from = |mut i: usize, dots: bool| {
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_' || (dots && b[i] == b'.')) {
            i += 1;
        }
        i
    };
    // Take every dot, so that `1.5.2` is one invalid number rather than two numbers.
    let mut end = digits_from(start, true);
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let signed = usize::from(matches!(b.get(end + 1), Some(b'+' | b'-')));
        let after = end + 1 + signed;
        match b.get(after) {
            Some(d) if d.is_ascii_digit() => end = digits_from(after, false),
            // `2exp`: a number then a name, which the parser reports as a missing operator.
            Some(&c) if signed == 0 && is_name_byte(c) => {}
            _ => end = after,
        }
    }
    let text = &src[start..end];
    let invalid = || error(start, format!("invalid number `{text}`"));
    // TOML's rule for `_`: only between two digits (the text starts with one or a dot).
    // The float parser checks the rest.
    let separators_ok = !text.ends_with('_')
        && text.as_bytes().windows(2).all(|w| match w {
            [b'_', d] | [d, b'_'] => d.is_ascii_digit(),
            _ => true,
        });
    if !separators_ok {
        return Err(invalid());
    }
    let value: f64 = text.replace('_', "").parse().map_err(|_| invalid())?;
    if !value.is_finite() {
        return Err(error(start, format!("number `{text}` is too large")));
    }
    Ok((value, end))
}

/// A tree and its depth (a leaf is 1), so that depth is checked as the tree grows.
type Parsed = Result<(Expr, usize), ExprError>;

/// Recursive descent, one method per precedence level.
struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// How many calls of `unary` are active: every recursion passes through it.
    nesting: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Token {
        self.tokens[self.pos]
    }

    fn next(&mut self) -> Token {
        let t = self.peek();
        if t.tok != Tok::End {
            self.pos += 1;
        }
        t
    }

    fn text(&self, t: Token) -> &'a str {
        &self.src[t.start..t.end]
    }

    /// The text of the token just consumed.
    fn previous(&self) -> &'a str {
        self.text(self.tokens[self.pos.saturating_sub(1)])
    }

    fn position(&self, offset: usize) -> usize {
        position(self.src, offset)
    }

    /// One level deeper than `depth`, or an error past `MAX_DEPTH`.
    fn deeper(&self, depth: usize, at: usize) -> Result<usize, ExprError> {
        if depth < MAX_DEPTH {
            return Ok(depth + 1);
        }
        let message = format!(
            "expression nested too deeply at position {}: more than {MAX_DEPTH} levels; \
             split it into named parameters",
            self.position(at)
        );
        Err(error(at, message))
    }

    /// Sums and differences, left-associative.
    fn expr(&mut self) -> Parsed {
        self.chain(&[BinOp::Add, BinOp::Sub], Self::term)
    }

    /// Products and quotients, left-associative.
    fn term(&mut self) -> Parsed {
        self.chain(&[BinOp::Mul, BinOp::Div], Self::unary)
    }

    fn chain(&mut self, ops: &[BinOp], operand: fn(&mut Self) -> Parsed) -> Parsed {
        let (mut lhs, mut depth) = operand(self)?;
        while let Tok::Op(op) = self.peek().tok
            && ops.contains(&op)
        {
            let at = self.next().start;
            let (rhs, rhs_depth) = operand(self)?;
            depth = self.deeper(depth.max(rhs_depth), at)?;
            lhs = Expr::bin(op, lhs, rhs);
        }
        Ok((lhs, depth))
    }

    /// Signs, then a power.
    fn unary(&mut self) -> Parsed {
        let t = self.peek();
        self.nesting = self.deeper(self.nesting, t.start)?;
        let parsed = match t.tok {
            Tok::Op(BinOp::Sub) => {
                self.next();
                let (e, depth) = self.unary()?;
                (Expr::Neg(Box::new(e)), self.deeper(depth, t.start)?)
            }
            Tok::Op(BinOp::Add) => {
                self.next();
                self.unary()?
            }
            _ => self.power()?,
        };
        self.nesting -= 1;
        Ok(parsed)
    }

    /// An atom, perhaps raised to a power: `^` is right-associative and its exponent may be signed.
    fn power(&mut self) -> Parsed {
        let (base, base_depth) = self.atom()?;
        if self.peek().tok != Tok::Op(BinOp::Pow) {
            return Ok((base, base_depth));
        }
        let at = self.next().start;
        let (exponent, exponent_depth) = self.unary()?;
        let depth = self.deeper(base_depth.max(exponent_depth), at)?;
        Ok((Expr::bin(BinOp::Pow, base, exponent), depth))
    }

    fn atom(&mut self) -> Parsed {
        let t = self.next();
        match t.tok {
            Tok::Num(v) => Ok((Expr::Num(v), 1)),
            Tok::Name if self.peek().tok == Tok::LParen => self.call(t),
            Tok::Name => Ok((
                Expr::Var {
                    name: self.text(t).to_string(),
                    offset: t.start,
                },
                1,
            )),
            Tok::LParen => {
                let inner = self.expr()?;
                self.close(t)?;
                Ok(inner)
            }
            Tok::End => {
                let message = format!(
                    "expression ends after `{}`; {EXPECTED_OPERAND}",
                    self.previous()
                );
                Err(error(t.start, message))
            }
            _ => {
                let (found, at) = (self.text(t), self.position(t.start));
                Err(error(
                    t.start,
                    format!("unexpected `{found}` at position {at}; {EXPECTED_OPERAND}"),
                ))
            }
        }
    }

    /// `name(a, b)`: the name must be a function, given exactly two arguments.
    fn call(&mut self, name: Token) -> Parsed {
        let text = self.text(name);
        let func = match text {
            "min" => Func::Min,
            "max" => Func::Max,
            _ => {
                let hint = did_you_mean(text, FUNCTIONS);
                let message = format!("unknown function `{text}`{hint} (functions: min, max)");
                return Err(error(name.start, message));
            }
        };
        let open = self.next();
        let (mut args, mut depth) = (Vec::new(), 0);
        if self.peek().tok == Tok::RParen {
            self.next();
        } else {
            loop {
                let (arg, arg_depth) = self.expr()?;
                args.push(arg);
                depth = depth.max(arg_depth);
                if self.peek().tok != Tok::Comma {
                    self.close(open)?;
                    break;
                }
                self.next();
            }
        }
        let count = args.len();
        let Ok(args) = <[Expr; 2]>::try_from(args) else {
            return Err(error(
                name.start,
                format!("{text} takes 2 arguments, got {count}"),
            ));
        };
        Ok((
            Expr::Call {
                func,
                args: Box::new(args),
            },
            self.deeper(depth, name.start)?,
        ))
    }

    /// The `)` closing `open`, or why it is missing.
    fn close(&mut self, open: Token) -> Result<(), ExprError> {
        match self.peek().tok {
            Tok::RParen => {
                self.next();
                Ok(())
            }
            Tok::End => {
                let message = format!(
                    "unclosed `(` opened at position {}",
                    self.position(open.start)
                );
                Err(error(open.start, message))
            }
            _ => Err(self.after_operand()),
        }
    }

    /// Why the token after a complete operand can neither continue nor close it.
    fn after_operand(&self) -> ExprError {
        let t = self.peek();
        let at = self.position(t.start);
        let message = match t.tok {
            Tok::RParen => {
                format!("unmatched `)` at position {at}: there is no `(` for it to close")
            }
            Tok::Comma => format!(
                "unexpected `,` at position {at}: commas only separate the arguments of min() and max()"
            ),
            _ => format!(
                "expected an operator after `{}` at position {at}, found `{}`",
                self.previous(),
                self.text(t)
            ),
        };
        error(t.start, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value(src: &str) -> f64 {
        let e = parse(src).unwrap_or_else(|err| panic!("{src}: {err}"));
        e.constant().unwrap()
    }

    fn message(src: &str) -> String {
        parse(src).unwrap_err().message
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(value("2 + 3 * 4"), 14.0);
        assert_eq!(value("2 ^ 3 ^ 2"), 512.0);
        assert_eq!(value("-2 ^ 2"), -4.0);
        assert_eq!(value("(-2) ^ 2"), 4.0);
        assert!((value("(1 - 0.2) * (1 - 0.1)") - 0.72).abs() < 1e-12);
        assert_eq!(value("10 / 4 / 5"), 0.5);
        assert_eq!(value("10 - 4 - 5"), 1.0);
        assert_eq!(value("min(3, max(1, 2))"), 2.0);
        assert_eq!(value("2^-1"), 0.5);
        assert_eq!(value("2 * -3 + +1"), -5.0);
        assert_eq!(value("300_000 / 3"), 100_000.0);
    }

    #[test]
    fn numbers_as_in_toml() {
        assert_eq!(value("12 + 1.5 + .5"), 14.0);
        assert_eq!(value("1e3 + 2.5E-2 + 1e+2"), 1100.025);
        assert_eq!(value("1_000.000_1"), 1000.0001);
    }

    #[test]
    fn names_are_looked_up() {
        let e = parse("max(0, referrals - 50) / 12").unwrap();
        let mut lookup = |name: &str| if name == "referrals" { 110.0 } else { f64::NAN };
        assert_eq!(e.eval(&mut lookup), 5.0);
        assert_eq!(e.constant(), None);
        assert_eq!(parse("300000 * 3").unwrap().constant(), Some(900_000.0));
        assert_eq!(parse("max").unwrap().variables(), [("max", 0)]); // a name unless called
    }

    #[test]
    fn variables_in_order_with_offsets() {
        let e = parse("caseload * (1 - dropout) * gp_visits_per_year + dropout").unwrap();
        let expected = [
            ("caseload", 0),
            ("dropout", 16),
            ("gp_visits_per_year", 27),
            ("dropout", 48),
        ];
        assert_eq!(e.variables(), expected);
        assert_eq!(parse("\t2*_x").unwrap().variables(), [("_x", 3)]);
    }

    #[test]
    fn displays_with_minimal_parentheses() {
        let canonical = "a - (b - c); a - b - c; (a + b) * c; a / (b * c); 2 ^ 3 ^ 2; \
            (2 ^ 3) ^ 2; -2 ^ 2; (-2) ^ 2; 2 ^ -1; -(a + b); a * -b; 1e20 * 1.5e-7; \
            max(0, referrals - 50) / 12";
        for src in canonical.split("; ") {
            assert_eq!(parse(src).unwrap().to_string(), src);
        }
        assert_eq!(parse("((a)) + (b*c)").unwrap().to_string(), "a + b * c");
        assert_eq!(
            parse("salary * 1.28 + 2_000").unwrap().to_string(),
            "salary * 1.28 + 2000"
        );
        assert_eq!(parse("+x").unwrap().to_string(), "x");
        let negative_base = Expr::bin(BinOp::Pow, Expr::Num(-2.0), Expr::Num(2.0));
        assert_eq!(negative_base.to_string(), "(-2) ^ 2");
    }

    #[test]
    fn error_messages() {
        let operand = "expected a number, a name, `(` or `-`";
        let cases = [
            ("", "empty expression".to_string()),
            ("  ", "empty expression".to_string()),
            ("a + ( )", format!("unexpected `)` at position 7; {operand}")),
            ("min(a,)", format!("unexpected `)` at position 7; {operand}")),
            ("a +", format!("expression ends after `+`; {operand}")),
            ("a*(b + 1", "unclosed `(` opened at position 3".into()),
            ("min(1, 2", "unclosed `(` opened at position 4".into()),
            ("mn(a, b)", "unknown function `mn`; did you mean `min`? (functions: min, max)".into()),
            ("foo(1, 2)", "unknown function `foo` (functions: min, max)".into()),
            ("min(1, 2, 3)", "min takes 2 arguments, got 3".into()),
            ("max()", "max takes 2 arguments, got 0".into()),
            ("10 % 3", "unexpected `%` at position 4: expressions use + - * / ^, parentheses, min() and max()".into()),
            ("2participants", "expected an operator after `2` at position 2, found `participants`".into()),
            ("2 (3)", "expected an operator after `2` at position 3, found `(`".into()),
            ("(a + b))", "unmatched `)` at position 8: there is no `(` for it to close".into()),
            ("(a, b)", "unexpected `,` at position 3: commas only separate the arguments of min() and max()".into()),
            ("1e", "invalid number `1e`".into()),
            ("1.5.2", "invalid number `1.5.2`".into()),
            ("1__000", "invalid number `1__000`".into()),
            ("2_ * a", "invalid number `2_`".into()),
            (".", "invalid number `.`".into()),
            ("1e999", "number `1e999` is too large".into()),
        ];
        for (src, expected) in cases {
            assert_eq!(message(src), expected, "{src:?}");
        }
    }

    #[test]
    fn offsets_are_bytes_and_positions_are_characters() {
        let e = parse("a\u{2003}é").unwrap_err(); // an em space, three bytes, then a non-ASCII letter
        assert_eq!(e.offset, 4);
        assert!(
            e.message.starts_with("unexpected `é` at position 3:"),
            "{}",
            e.message
        );
        assert_eq!(parse("a*(b").unwrap_err().offset, 2);
        assert_eq!(parse("mn(1, 2)").unwrap_err().offset, 0);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let nested = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(value(&nested(150)), 1.0);
        assert_eq!(
            message(&nested(100_000)),
            "expression nested too deeply at position 201: more than 200 levels; \
             split it into named parameters"
        );
        let long_sum = format!("{}1", "1 + ".repeat(100_000));
        for src in [
            long_sum,
            "-".repeat(100_000),
            format!("{}2", "2^".repeat(100_000)),
        ] {
            assert!(message(&src).starts_with("expression nested too deeply"));
        }
        // Chains inside chains: depth adds up even though no single chain is long.
        let chain = |inner: &str| format!("({inner}{})", " + 1".repeat(60));
        let src = (0..10).fold("1".to_string(), |acc, _| chain(&acc));
        assert!(message(&src).starts_with("expression nested too deeply"));
    }

    fn tree() -> impl Strategy<Value = Expr> {
        use prop::num::f64::{NORMAL, POSITIVE, SUBNORMAL, ZERO};
        let leaf = prop_oneof![
            (0u32..1000).prop_map(|n| Expr::Num(n.into())),
            (POSITIVE | NORMAL | SUBNORMAL | ZERO).prop_map(Expr::Num),
            "[a-zA-Z_][a-zA-Z0-9_]{0,6}".prop_map(|name| Expr::Var { name, offset: 0 }),
        ];
        leaf.prop_recursive(6, 48, 2, |inner| {
            use BinOp::*;
            let op = prop::sample::select(vec![Add, Sub, Mul, Div, Pow]);
            let func = prop::sample::select(vec![Func::Min, Func::Max]);
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
                (op, inner.clone(), inner.clone()).prop_map(|(op, l, r)| Expr::bin(op, l, r)),
                (func, inner.clone(), inner).prop_map(|(func, a, b)| Expr::Call {
                    func,
                    args: Box::new([a, b])
                }),
            ]
        })
    }

    /// The tree with every name's offset zeroed, to compare trees read from different text.
    fn unplaced(e: &Expr) -> Expr {
        match e {
            Expr::Num(_) => e.clone(),
            Expr::Var { name, .. } => Expr::Var {
                name: name.clone(),
                offset: 0,
            },
            Expr::Neg(x) => Expr::Neg(Box::new(unplaced(x))),
            Expr::Bin { op, lhs, rhs } => Expr::bin(*op, unplaced(lhs), unplaced(rhs)),
            Expr::Call { func, args } => Expr::Call {
                func: *func,
                args: Box::new([unplaced(&args[0]), unplaced(&args[1])]),
            },
        }
    }

    proptest! {
        #[test]
        fn display_then_parse_gives_the_same_tree(e in tree()) {
            let text = e.to_string();
            let back = parse(&text).map_err(|err| TestCaseError::fail(format!("{text}: {err}")))?;
            prop_assert_eq!(unplaced(&back), e); // generated names sit at offset 0
            prop_assert_eq!(back.to_string(), text.clone());
            for (name, offset) in back.variables() {
                prop_assert!(text[offset..].starts_with(name));
            }
        }

        #[test]
        fn never_panics_on_likely_text(s in "[0-9a-z_ .eE+*/^(),%-]{0,40}") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_any_text(s in any::<String>()) {
            if let Err(e) = parse(&s) {
                prop_assert!(s.is_char_boundary(e.offset) && !e.message.is_empty());
            }
        }
    }
}
