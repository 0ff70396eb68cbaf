import Billing
import DashboardRuntime
import Foundation
import Services
import Storage
import TerminalUI
import Testing

@testable import Dashboard

/// Seeded random keys and resizes against the real dashboard on the demo store; after
/// every key the invariants are checked through the services. A failure prints the seed
/// and the keys so far, to replay it.
///
/// Short in CI; a long run: `PROXYDASH_FUZZ_KEYS=50000 swift test --filter KeystrokeFuzz`
/// (and `PROXYDASH_FUZZ_SEED=N` to replay a seed).
@Suite(.serialized) struct KeystrokeFuzzTests {
  static let environment = ProcessInfo.processInfo.environment
  static let keysPerPersona = Int(environment["PROXYDASH_FUZZ_KEYS"] ?? "") ?? 150
  static let seed = UInt64(environment["PROXYDASH_FUZZ_SEED"] ?? "") ?? 20_261_116

  static let alphabet: [Key] =
    "1234512345pcurtnbyyn?]}adwlsejkhq".map { Key.character($0) }
    + [.enter, .enter, .escape, .escape, .tab, .backTab, .up, .down, .left, .right, .backspace]
    + "4242@x.9/ ".map { Key.character($0) } + [.control("u"), .pageDown]

  @Test func randomKeysKeepEveryInvariant() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "proxydash-fuzz-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let dataset = try ProxyDashService.createDemoStore(
      at: folder, from: repository.appendingPathComponent("demo-data"))
    let clock = FixedClock(dataset.now)
    let service = try ProxyDashService.open(directory: folder, clock: clock, passwordIterations: 1_000)
    var random = SplitMix64(seed: Self.seed)
    for persona in dataset.personas {
      let email = persona.account.email
      let before = try service.account(email: email)
      let importedOrders = Set(before.orders.map(\.id))
      var runtime = Runtime(
        state: AppState(width: 100, height: 30, isDemo: true), service: service, demoClock: clock)
      try runtime.logIn(as: email)
      var pressed: [String] = []
      for _ in 0..<Self.keysPerPersona {
        if random.next() % 40 == 0 {
          let width = 60 + Int(random.next() % 80)
          let height = 18 + Int(random.next() % 30)
          pressed.append("resize \(width)x\(height)")
          runtime.send(.resize(width: width, height: height))
        } else {
          let key = Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))]
          pressed.append(key.label)
          runtime.send(.key(key))
        }
        _ = runtime.render()
        if runtime.shouldQuit {
          runtime = Runtime(
            state: AppState(width: 100, height: 30, isDemo: true), service: service, demoClock: clock)
          try runtime.logIn(as: email)
        }
        let problems = try Self.invariantProblems(
          service: service, email: email, importedOrders: importedOrders)
        if !problems.isEmpty {
          Issue.record(
            "seed \(Self.seed), \(email), after keys: \(pressed.joined(separator: " "))\n\(problems.joined(separator: "\n"))"
          )
          return
        }
      }
    }
  }

  /// Traffic never negative, one live subscription per product, and every charge the
  /// gateway approved matches exactly one paid order and vice versa.
  static func invariantProblems(service: ProxyDashService, email: String, importedOrders: Set<String>) throws
    -> [String]
  {
    let account = try service.account(email: email)
    var problems: [String] = []
    for subscription in account.subscriptions {
      if subscription.used < .zero || subscription.remaining < .zero || subscription.available < .zero {
        problems.append("negative traffic in \(subscription.id)")
      }
    }
    for product in Product.allCases
    where account.subscriptions.filter({ $0.product == product && $0.state.isLive }).count > 1 {
      problems.append("two live \(product) subscriptions")
    }
    let charges = try service.store.read { try $0.charges(accountID: account.id) }
    let approved = charges.filter { $0.status == .approved }
    let approvedOrders = Set(approved.compactMap(\.orderID))
    for charge in approved {
      guard let id = charge.orderID, let order = account.orders.first(where: { $0.id == id }) else {
        problems.append("approved charge \(charge.idempotencyKey) has no order")
        continue
      }
      if order.total != charge.amount {
        problems.append("order \(id) total \(order.total) ≠ charge \(charge.amount)")
      }
    }
    for order in account.orders
    where order.wasCharged && !importedOrders.contains(order.id) && !approvedOrders.contains(order.id) {
      problems.append("paid order \(order.id) without an approved charge")
    }
    return problems
  }
}
