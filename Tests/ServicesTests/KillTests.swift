import Billing
import Foundation
import Storage
import Testing

@testable import Services

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The crash test with real processes: a child (this test binary, in worker mode) runs
/// random use cases on a store and is killed with SIGKILL at a random moment, 20 times.
@Suite struct KillTests {
  static let workerVariable = "PROXYDASH_KILL_WORKER_STORE"

  /// In worker mode: 200 random use cases on the store named by the environment,
  /// printing `op N` after each so the parent knows how far it got.
  @Test func killWorker() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let path = environment[Self.workerVariable] else { return }
    let seed = UInt64(environment["PROXYDASH_KILL_WORKER_SEED"] ?? "") ?? 1
    let directory = URL(fileURLWithPath: path, isDirectory: true)
    let opened = try ProxyDashService.open(
      directory: directory, clock: FixedClock(TestWorld.start), passwordIterations: 1_000)
    let start =
      (try? opened.store.read { try $0.meta("killClock") }).flatMap(Double.init)
      ?? TestWorld.start.timeIntervalSinceReferenceDate
    let clock = FixedClock(Date(timeIntervalSinceReferenceDate: start))
    opened.store.close()
    let service = try ProxyDashService.open(
      directory: directory, clock: clock, passwordIterations: 1_000)
    let accounts = try service.store.read { try $0.accountIDs() }.map { id in
      try service.account(id: id)
    }
    var random = SplitMix64(state: seed)
    var keys: [String] = []
    for index in 0..<200 {
      guard let account = accounts.randomElement(using: &random) else { return }
      CrashTests.runRandomUseCase(
        service, account: account, clock: clock, random: &random, usedKeys: &keys)
      let now = clock.now.timeIntervalSinceReferenceDate
      _ = try? service.store.write { try $0.setMeta("killClock", String(now)) }
      FileHandle.standardOutput.write(Data("op \(index)\n".utf8))
    }
  }

  @Test func killedWithSIGKILLTwentyTimesTheStoreStaysConsistent() throws {
    // The worker is this test binary started again; in worker mode the test is its body.
    guard ProcessInfo.processInfo.environment[Self.workerVariable] == nil else { return }
    // /proc names the binary on Linux; elsewhere the path it was started with does.
    let binary =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? Bundle.main.executablePath
    guard let binary, FileManager.default.isExecutableFile(atPath: binary) else {
      Issue.record("cannot find this test binary to start the worker; nothing was killed")
      return
    }
    let world = try TestWorld()
    for name in ["ava", "ben"] { _ = try world.signUp("\(name)@example.com") }
    world.service.store.close()
    var random = SplitMix64(state: 7)
    var killed = 0
    for round in 0..<20 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = [
        "--testing-library", "swift-testing", "--filter", "KillTests/killWorker",
      ]
      var environment = ProcessInfo.processInfo.environment
      environment[Self.workerVariable] = world.directory.path
      environment["PROXYDASH_KILL_WORKER_SEED"] = String(100 + round)
      process.environment = environment
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      let killAfter = Int.random(in: 1...40, using: &random)
      var seen = 0
      var buffer = ""
      let handle = output.fileHandleForReading
      while seen < killAfter {
        let data = handle.availableData
        if data.isEmpty { break }  // The worker finished first.
        buffer += String(decoding: data, as: UTF8.self)
        seen = buffer.components(separatedBy: "\n").filter { $0.hasPrefix("op ") }.count
      }
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killed += 1
      }
      process.waitUntilExit()
      let service = try world.reopened()
      try CrashTests.check(service, round: round)
      service.store.close()
    }
    #expect(killed >= 15)
    let final = try world.reopened()
    let charges = try final.store.read { try $0.charges() }
    #expect(charges.contains { $0.status == .approved })
  }
}
