import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// R24's log-in: "Five failed logins within 15 minutes lock the account for 15 minutes;
/// a successful log-in resets the count. An unknown email gets the same answer, in the
/// same time, as a wrong password."
@Suite struct LogInTests {
  static let wrong = "wrong password 1"

  /// The answer to one log-in, as the customer sees it.
  static func answer(_ world: TestWorld, _ email: String, _ password: String = wrong) -> String {
    do {
      return "admitted \(try world.service.logIn(email: email, password: password).email)"
    } catch {
      return error.description
    }
  }

  static var wrongCredentials: String { ServiceError.wrongCredentials.description }

  static func locked(until: Date) -> String { ServiceError.lockedUntil(until).description }

  @Test func R24_anUnknownEmailGetsTheSameAnswersAsAWrongPassword() throws {
    let world = try TestWorld()
    _ = try world.signUp("ava@example.com")
    let until = TestWorld.start.addingTimeInterval(15 * 60)
    for email in ["ava@example.com", "zed@example.com"] {
      for _ in 0..<4 { #expect(Self.answer(world, email) == Self.wrongCredentials, "\(email)") }
      #expect(Self.answer(world, email) == Self.locked(until: until), "\(email)")
      #expect(Self.answer(world, email, TestWorld.password) == Self.locked(until: until), "\(email)")
    }
    world.clock.advance(by: 15 * 60)
    #expect(Self.answer(world, "ava@example.com", TestWorld.password) == "admitted ava@example.com")
    #expect(Self.answer(world, "zed@example.com") == Self.wrongCredentials)
  }

  @Test func R24_theLockIsByEmailWhateverItsCase() throws {
    let world = try TestWorld()
    _ = try world.signUp("ava@example.com")
    for email in ["ava@example.com", "AVA@example.com", " Ava@Example.com", "ava@EXAMPLE.com"] {
      #expect(Self.answer(world, email) == Self.wrongCredentials)
    }
    let until = TestWorld.start.addingTimeInterval(15 * 60)
    #expect(Self.answer(world, "ava@example.COM") == Self.locked(until: until))
    // Another email is not locked by ava's failures.
    _ = try world.signUp("ben@example.com")
    #expect(Self.answer(world, "ben@example.com", TestWorld.password) == "admitted ben@example.com")
  }

  @Test func R24_failuresOlderThanFifteenMinutesDoNotCount() throws {
    let world = try TestWorld()
    _ = try world.signUp()
    // One failure at 0:00, three at 0:14: four within fifteen minutes.
    #expect(Self.answer(world, "ava@example.com") == Self.wrongCredentials)
    world.clock.advance(by: 14 * 60)
    for _ in 0..<3 { #expect(Self.answer(world, "ava@example.com") == Self.wrongCredentials) }
    // At 0:15 the first has left the window: this is the fourth that counts, not the fifth.
    world.clock.advance(by: 60)
    #expect(Self.answer(world, "ava@example.com") == Self.wrongCredentials)
    // The fifth within fifteen minutes locks, for fifteen minutes from now.
    world.clock.advance(by: 60)
    let until = TestWorld.start.addingTimeInterval(31 * 60)
    #expect(Self.answer(world, "ava@example.com") == Self.locked(until: until))
  }

  @Test func R24_aSuccessfulLogInResetsTheCount() throws {
    let world = try TestWorld()
    _ = try world.signUp()
    for _ in 0..<4 { #expect(Self.answer(world, "ava@example.com") == Self.wrongCredentials) }
    #expect(Self.answer(world, "ava@example.com", TestWorld.password) == "admitted ava@example.com")
    for _ in 0..<4 { #expect(Self.answer(world, "ava@example.com") == Self.wrongCredentials) }
    #expect(
      Self.answer(world, "ava@example.com")
        == Self.locked(until: TestWorld.start.addingTimeInterval(15 * 60)))
  }

  /// The time a log-in takes says nothing of whether the email has an account: both
  /// kinds are timed in turns (so a loaded machine slows both alike) and their medians
  /// compared. The hash is made slow enough (20,000 rounds, a few milliseconds) to be
  /// most of a log-in, as the standard 210,000 rounds are.
  @Test func R24_anUnknownEmailTakesAsLongAsAWrongPassword() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-test-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let service = try ProxyDashService.open(
      directory: directory, clock: FixedClock(TestWorld.start), passwordIterations: 20_000)
    defer { service.store.close() }
    let tries = 21
    for index in 0..<tries {
      _ = try service.signUp(email: "known\(index)@example.com", password: TestWorld.password)
    }
    let clock = ContinuousClock()
    var known: [Duration] = []
    var unknown: [Duration] = []
    for index in 0..<tries {
      let knownEmail = "known\(index)@example.com"
      let unknownEmail = "nobody\(index)@example.com"
      let pairs: [(String, Bool)] =
        index.isMultiple(of: 2)
        ? [(knownEmail, true), (unknownEmail, false)] : [(unknownEmail, false), (knownEmail, true)]
      for (email, isKnown) in pairs {
        var answer: ServiceError?
        let elapsed = clock.measure {
          answer = thrownError { () throws(ServiceError) in
            try service.logIn(email: email, password: Self.wrong)
          }
        }
        #expect(answer == .wrongCredentials)
        if isKnown { known.append(elapsed) } else { unknown.append(elapsed) }
      }
    }
    let ratio = Self.median(unknown) / Self.median(known)
    #expect(
      (0.7...1.4).contains(ratio),
      "median unknown \(Self.median(unknown)), known \(Self.median(known))")
  }

  static func median(_ durations: [Duration]) -> Duration {
    durations.sorted()[durations.count / 2]
  }
}
