package io.thalamus.router.usage;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.quota.DailyBalance;
import io.thalamus.router.quota.QuotaGate;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Answers usage queries from the ledger's daily totals and the quota counters. */
@ApplicationScoped
public class UsageService {

    private final UsageLedger ledger;
    private final QuotaGate quotas;
    private final UsageConfig config;
    private final Clock clock = Clock.systemUTC();

    public UsageService(UsageLedger ledger, QuotaGate quotas, UsageConfig config) {
        this.ledger = ledger;
        this.quotas = quotas;
        this.config = config;
    }

    /**
     * @param from first UTC day (ISO date), or null for {@code default-days} before {@code to}
     * @param to   last UTC day, or null for today
     */
    public Uni<UsageReport> report(String tenant, String from, String to) {
        LocalDate last = to == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : day("to", to);
        LocalDate first = from == null ? last.minusDays(config.defaultDays() - 1L) : day("from", from);
        if (first.isAfter(last)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    "'from' (" + first + ") is after 'to' (" + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > config.maxDays()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "A usage query covers at most "
                    + config.maxDays() + " days (thalamus.router.usage.max-days)");
        }
        return ledger.daily(tenant, first, last).chain(days -> today(tenant, first, last, days)
                .map(today -> new UsageReport(tenant, first, last, days, UsageReport.Totals.of(days), today)));
    }

    /** From the counters when the tenant has a daily limit; else from the ledger, read again only if needed. */
    private Uni<DailyBalance> today(String tenant, LocalDate first, LocalDate last, List<DailyUsage> days) {
        return quotas.balance(tenant).chain(counted -> {
            if (counted != null) {
                return Uni.createFrom().item(counted);
            }
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            Uni<List<DailyUsage>> rows = first.isAfter(today) || last.isBefore(today)
                    ? ledger.daily(tenant, today, today)
                    : Uni.createFrom().item(days.stream().filter(day -> day.day().equals(today)).toList());
            return rows.map(todays -> {
                UsageReport.Totals totals = UsageReport.Totals.of(todays);
                return DailyBalance.unlimited(totals.credits(), totals.gpuSeconds());
            });
        });
    }

    private static LocalDate day(String parameter, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    "'" + parameter + "' must be a date like 2026-12-01, not '" + value + "'");
        }
    }
}
