import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// R31 through the real binary: a refused run creates nothing, the outbox keeps what
/// others put there, links inside the store are refused, and every file is private
/// whatever the umask.
@Suite struct StoreSafetyCLITests {
  private let manager = FileManager.default

  private func script(in folder: URL, _ text: String = "screen\n") throws -> URL {
    let file = folder.appendingPathComponent("s.pdscript")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  /// `proxydash ARGUMENTS` under `umask 000`, through a shell.
  private func runUnderOpenUmask(_ arguments: [String]) throws -> Binary.Run {
    try Binary.run(
      ["-c", "umask 000; exec \"$0\" \"$@\"", Binary.proxydash.path] + arguments, executable: "/bin/sh")
  }

  @Test func R31_aRunRefusedForItsTerminalCreatesNothing() throws {
    let folder = try Binary.temporaryFolder("no-terminal")
    defer { try? manager.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let run = try Binary.run(["--data", store.path])
    #expect(run.status == 2)
    #expect(run.error.contains("needs a terminal"))
    #expect(!manager.fileExists(atPath: store.path))
  }

  @Test func R31_anUnknownTERMCreatesNothing() throws {
    let folder = try Binary.temporaryFolder("bad-term")
    defer { try? manager.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    // script(1) gives the program a terminal of its own; only TERM is wrong.
    let command =
      "TERM=proxydash-no-such-terminal \"$0\" --data \"$1\"; echo status=$?"
    let run = try Binary.run(
      ["-qec", "/bin/sh -c '\(command)' \(Binary.proxydash.path) \(store.path)", "/dev/null"],
      executable: "/usr/bin/script")
    #expect(run.output.contains("status=2"), "\(run.output)")
    #expect(
      run.output.contains("does not know the terminal type \"proxydash-no-such-terminal\""), "\(run.output)")
    #expect(!manager.fileExists(atPath: store.path))
  }

  @Test func R31_anEmptyDataFolderIsRefused() throws {
    let folder = try Binary.temporaryFolder("empty-data")
    defer { try? manager.removeItem(at: folder) }
    let file = try script(in: folder)
    let databaseInWorkingFolder = Binary.repository.appendingPathComponent("proxydash.sqlite").path
    let existedBefore = manager.fileExists(atPath: databaseInWorkingFolder)
    for arguments in [
      ["script", file.path, "--data", ""], ["--data", ""], ["init", "", "--from", "demo-data"],
    ] {
      let run = try Binary.run(arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.error.contains("--data needs a folder") || run.error.contains("not an empty string"))
    }
    #expect(manager.fileExists(atPath: databaseInWorkingFolder) == existedBefore)
  }

  @Test func R31_theOutboxKeepsWhatOthersPutThere() throws {
    let folder = try Binary.temporaryFolder("outbox-keeps")
    defer { try? manager.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let file = try script(in: folder)
    try #require(try Binary.run(["script", file.path, "--data", store.path]).status == 0)
    let outbox = store.appendingPathComponent("outbox")
    try manager.createDirectory(
      at: outbox.appendingPathComponent("drafts"), withIntermediateDirectories: true)
    try Data("draft".utf8).write(to: outbox.appendingPathComponent("drafts/one.txt"))
    try Data("letter".utf8).write(to: outbox.appendingPathComponent("letter.txt"))

    let run = try Binary.run(["script", file.path, "--data", store.path])
    #expect(run.status == 0, "\(run.error)")
    #expect(Set(try manager.contentsOfDirectory(atPath: outbox.path)) == ["drafts", "letter.txt"])
    #expect(
      try manager.contentsOfDirectory(atPath: outbox.appendingPathComponent("drafts").path) == ["one.txt"])
  }

  @Test func R31_anOutboxLinkIsRefusedAndWhatItPointsAtKept() throws {
    let folder = try Binary.temporaryFolder("outbox-link")
    defer { try? manager.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let file = try script(in: folder)
    try #require(try Binary.run(["script", file.path, "--data", store.path]).status == 0)
    let elsewhere = folder.appendingPathComponent("elsewhere")
    try manager.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: elsewhere.appendingPathComponent("photo.jpg"))
    let outbox = store.appendingPathComponent("outbox")
    try manager.removeItem(at: outbox)
    try manager.createSymbolicLink(atPath: outbox.path, withDestinationPath: elsewhere.path)

    let run = try Binary.run(["script", file.path, "--data", store.path])
    #expect(run.status == 1)
    #expect(run.error.contains(outbox.path) && run.error.contains("symbolic link"))
    #expect(try manager.contentsOfDirectory(atPath: elsewhere.path) == ["photo.jpg"])
  }

  @Test func R31_anotherApplicationsSQLiteFileIsLeftAsItWas() throws {
    let folder = try Binary.temporaryFolder("foreign-sqlite")
    defer { try? manager.removeItem(at: folder) }
    let database = folder.appendingPathComponent("proxydash.sqlite")
    let made = try Binary.run(
      ["-c", "sqlite3 \"$0\" 'PRAGMA journal_mode=WAL; CREATE TABLE notes(x);'", database.path],
      executable: "/bin/sh")
    try #require(made.status == 0, "\(made.error)")
    let before = try Data(contentsOf: database)
    let file = try script(in: folder)

    let run = try Binary.run(["script", file.path, "--data", folder.path])
    #expect(run.status == 1)
    #expect(run.error.contains(database.path) && run.error.contains("not a ProxyDash store"))
    #expect(try Data(contentsOf: database) == before)
    #expect(Set(try manager.contentsOfDirectory(atPath: folder.path)) == ["proxydash.sqlite", "s.pdscript"])
  }

  @Test func R31_everyFileIsPrivateWhateverTheUmask() throws {
    let folder = try Binary.temporaryFolder("umask")
    defer { try? manager.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let demoData = Binary.repository.appendingPathComponent("demo-data").path
    let made = try runUnderOpenUmask(["init", store.path, "--from", demoData])
    try #require(made.status == 0, "\(made.error)")
    let file = try script(
      in: folder, "press 1 h\nexpect \"30 days:\"\npress e\nexpect \"saved as CSV to\"\npress Esc\n")
    let run = try runUnderOpenUmask([
      "script", file.path, "--data", store.path, "--account", "ava@example.com", "--now",
      "2026-11-16T10:00:00Z",
    ])
    try #require(run.status == 0, "\(run.error)")

    var checked = 0
    var csvFiles = 0
    let enumerator = try #require(manager.enumerator(atPath: store.path))
    while let name = enumerator.nextObject() as? String {
      let path = store.appendingPathComponent(name).path
      var info = stat()
      try #require(lstat(path, &info) == 0)
      let isFolder = info.st_mode & S_IFMT == S_IFDIR
      #expect(info.st_mode & 0o777 == (isFolder ? 0o700 : 0o600), "\(name)")
      if name.hasSuffix(".csv") { csvFiles += 1 }
      checked += 1
    }
    var info = stat()
    try #require(stat(store.path, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o700)
    #expect(csvFiles == 1)
    #expect(checked > 3)
  }
}
