// Times `billing run` (SPEC R28) at scale against issue #14's budgets (release build):
// 100,000 accounts with nothing due in at most 10 s; 10,000 renewals due in at most 60 s;
// memory flat, not growing with the number of accounts.
//
//   BillingBenchmark [accounts = 100_000] [due = 10_000]
//
// The store is built straight through Storage (one transaction, a few seconds): every
// account holds one card-paid residential subscription with its reminder sent; `due` of
// them end their period an hour before `now`, the others later this month. The run is
// timed twice: two hours before `now` (nothing is due yet), then at `now`.
import Billing
import Foundation
import Services
import Storage

let arguments = CommandLine.arguments.dropFirst().map { $0.replacingOccurrences(of: "_", with: "") }
guard let total = arguments.first.map({ Int($0) }) ?? 100_000,
  let due = arguments.dropFirst().first.map({ Int($0) }) ?? 10_000, total > 0, due >= 0, due <= total
else {
  print("usage: BillingBenchmark [accounts] [due]")
  exit(2)
}
let now = Date(timeIntervalSince1970: 1_795_267_800)  // 2026-11-21 13:30 UTC
let folder = URL(fileURLWithPath: "/tmp/proxydash-billing-bench-\(ProcessInfo.processInfo.processIdentifier)")
defer { try? FileManager.default.removeItem(at: folder) }

/// Resident and peak memory of this process, from /proc (kB).
func memory() -> (rss: Int, peak: Int) {
  let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  func field(_ name: String) -> Int {
    status.split(separator: "\n").first { $0.hasPrefix(name) }
      .flatMap { Int($0.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "") } ?? 0
  }
  return (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak so a phase's peak is its own (Linux: "5" clears VmHWM).
func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

/// CPU seconds (user + system) this process has used: on a shared machine the wall
/// clock also counts other processes' turns.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
  return value(usage.ru_utime) + value(usage.ru_stime)
}

nonisolated(unsafe) var lastCPU = 0.0

/// Wall seconds of `body`; its CPU seconds go to `lastCPU`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  let cpu = cpuSeconds()
  try body()
  lastCPU = cpuSeconds() - cpu
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func cpuNote() -> String { String(format: " (CPU %.2f s)", lastCPU) }

do {
  let store = try Store.open(at: folder)
  let plan = Plan(
    id: "res-starter", name: "Starter", product: .residential, rank: 2, allowance: .gb(20),
    price: .units(200), includedProxyUsers: 3, refundable: true)
  let card = PaymentMethod.card(
    StoredCard(
      brand: .visa, last4: "4242", expiryMonth: 12, expiryYear: 2030, holder: "Bench", token: "tok_visa_4242")
  )
  let calendar = BillingCalendar.utc
  let built = try seconds {
    try store.write { session in
      try session.setCatalog(Catalog(plans: [plan]))
      try session.setTaxRates(TaxRates(countries: [TaxRates.Country(code: "US", vat: .zero, eu: false)]))
      for index in 0..<total {
        // Due accounts end their period an hour before now; the rest 1 to 27 days after.
        let end =
          index < due
          ? now.addingTimeInterval(-3600) : now.addingTimeInterval(Double(1 + index % 27) * 86_400)
        let start = calendar.adding(months: -1, to: end)
        let subscription = Subscription(
          id: "b\(index)-s1", product: .residential, planID: plan.id, anchor: start, periodStart: start,
          periodEnd: end, autoRenew: true, paymentMethod: card, allowance: plan.allowance,
          reminderSentForPeriodEnd: end, originOrderID: "b\(index)-o1")
        try session.insertAccount(
          Account(
            id: "b\(index)", email: "b\(index)@example.com", createdAt: start,
            subscriptions: [subscription]))
      }
    }
  }
  store.close()
  print("Built \(total) accounts (\(due) due at now) in \(String(format: "%.1f", built)) s\(cpuNote())")

  let clock = FixedClock(now.addingTimeInterval(-7200))
  let service = try ProxyDashService.open(directory: folder, clock: clock, passwordIterations: 1_000)
  resetPeak()
  let before = memory()
  var idle = BillingRunSummary()
  let idleTime = try seconds { idle = try service.runBilling() }
  let afterIdle = memory()
  print(
    "Nothing due, \(total) accounts: \(String(format: "%.3f", idleTime)) s\(cpuNote()), \(idle.accounts) accounts touched "
      + "(budget 10 s); RSS \(before.rss / 1024) -> \(afterIdle.rss / 1024) MB, peak \(afterIdle.peak / 1024) MB"
  )

  clock.set(now)
  resetPeak()
  var renewing = BillingRunSummary()
  let renewTime = try seconds { renewing = try service.runBilling() }
  let afterRenew = memory()
  let lastRenewCPU = lastCPU
  print(
    "\(due) renewals due: \(String(format: "%.1f", renewTime)) s\(cpuNote()), renewed \(renewing.renewed), "
      + "charged \(Money(minorUnits: renewing.chargedCents)), failed \(renewing.failed.count) (budget 60 s); "
      + "\(String(format: "%.2f", renewTime * 1000 / Double(max(due, 1)))) ms per renewal; "
      + "RSS \(afterIdle.rss / 1024) -> \(afterRenew.rss / 1024) MB, peak \(afterRenew.peak / 1024) MB")
  var again = BillingRunSummary()
  let againTime = try seconds { again = try service.runBilling() }
  print(
    "Second run at the same moment: \(String(format: "%.3f", againTime)) s, charged \(again.chargedCents) cents"
  )
  if renewTime > 0 {
    print(
      "One machine, one runner: about \(Int(3600 / (renewTime / Double(max(due, 1))))) renewals per hourly run"
    )
  }
  service.store.close()
} catch {
  print("Benchmark failed: \(error)")
  exit(1)
}
