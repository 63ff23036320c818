import Foundation
import KhoCatalogue
import KhoVocabulary

extension Library {
    /// The unit a person typed, as kho.toml names it; without a kho.toml, the name as typed.
    public func unit(named typed: String) throws -> String {
        guard let config = try? settings() else { return typed }
        switch UnitNames(config.units).resolve(typed) {
        case .unit(let name): return name
        case .unknown(let reason): throw FilterFailure(description: reason)
        }
    }

    /// Contributions per unit and ISO week against kho.toml's `[quota]` (QuotaReport). `from`
    /// defaults to 1 January of this year, `to` to today (local days); `units` limits the rows.
    public func quotaReport(from: ReportCalendar.Day? = nil, to: ReportCalendar.Day? = nil, units: Set<String>? = nil,
                            calendar: ReportCalendar = ReportCalendar()) throws -> QuotaReport {
        let settings = try settings().quota
        let end = to ?? calendar.today()
        let start = from ?? ReportCalendar.Day(year: end.year, month: 1, day: 1)
        guard start <= end else { throw ReportFailure.emptyPeriod(from: start, to: end) }
        let contributions = try repository.catalogue.contributions(of: settings.counts)
        return QuotaReport.make(contributions, settings: settings, from: start, to: end, units: units, calendar: calendar)
    }
}

public enum ReportFailure: Error, CustomStringConvertible {
    case emptyPeriod(from: ReportCalendar.Day, to: ReportCalendar.Day)
    public var description: String {
        switch self {
        case .emptyPeriod(let from, let to): return "the period starts (\(from.vietnamese)) after it ends (\(to.vietnamese))"
        }
    }
}
