# Cross-check of `sroi voi` against R's mgcv (Wood), the GAM behind the voi and BCEA
# packages' EVPPI. Not run by CI. From the repository root:
#
#   cargo run --release --example voi_draws -- models/dance-for-dementia.toml 20000 42 /tmp/draws.csv
#   cargo run --release -- voi models/dance-for-dementia.toml -n 20000 --format csv > /tmp/voi.csv
#   Rscript benches/voi_mgcv.R /tmp/draws.csv /tmp/voi.csv
#
# For one file the decision is fund (NPV) or not (0), so with g the fitted E[NPV | x],
# EVPPI = mean(max(g, 0)) - max(mean(g), 0). Single quantities: gam(npv ~ s(x)); groups:
# the additive gam(npv ~ s(x1) + ... + s(xp)) and, for groups of 2 to 4, the tensor
# product te(x1, ..., xp, k = 4) that the voi package uses by default up to 4.
suppressMessages(library(mgcv))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], check.names = FALSE)
s <- read.csv(args[2], check.names = FALSE, stringsAsFactors = FALSE)
npv <- d$npv
evppi <- function(g) mean(pmax(g, 0)) - max(mean(g), 0)
frame <- d
names(frame) <- paste0("x", seq_along(d) - 1)
column <- setNames(names(frame), names(d))
varies <- function(col) length(unique(frame[[col]])) >= 10
cat(sprintf("EVPI: mgcv script %.1f, sroi %.1f\n", mean(pmax(npv, 0)) - max(mean(npv), 0), s$evpi[1]))
cat(sprintf("%-50s %10s %10s\n", "quantity", "mgcv s()", "sroi"))
for (i in which(s$section == "quantity")) {
  col <- column[[s$name[i]]]
  if (!varies(col)) next
  fit <- gam(npv ~ s(x), data = data.frame(npv = npv, x = frame[[col]]))
  cat(sprintf("%-50s %10.1f %10.1f\n", s$name[i], evppi(fitted(fit)), s$evppi[i]))
}
cat(sprintf("\n%-44s %10s %10s %10s\n", "group", "mgcv s+s", "mgcv te", "sroi"))
for (i in which(s$section == "group")) {
  cols <- Filter(varies, column[strsplit(s$members[i], "; ", fixed = TRUE)[[1]]])
  add <- gam(as.formula(paste("npv ~", paste0("s(", cols, ")", collapse = " + "))), data = frame)
  te_value <- NA
  if (length(cols) >= 2 && length(cols) <= 4) {
    te <- gam(as.formula(paste0("npv ~ te(", paste(cols, collapse = ", "), ", k = 4)")), data = frame)
    te_value <- evppi(fitted(te))
  }
  cat(sprintf("%-44s %10.1f %10.1f %10.1f\n", s$name[i], evppi(fitted(add)), te_value, s$evppi[i]))
}
