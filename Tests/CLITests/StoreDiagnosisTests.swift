import Foundation
import Testing

/// A read-only mount and a full disk are called what they are, never "damaged", so that
/// nobody deletes a good store. Each test mounts a small tmpfs of its own (the tests run
/// as root, here and in CI) and unmounts it whatever happens; they run one at a time.
@Suite(.serialized) struct StoreDiagnosisTests {
  private let manager = FileManager.default

  /// Mounts a tmpfs of `size` on a new folder, runs `body` on it, and unmounts it.
  private func withTmpfs(size: String, _ body: (URL) throws -> Void) throws {
    let folder = try Binary.temporaryFolder("tmpfs")
    defer { try? manager.removeItem(at: folder) }
    let mounted = try Binary.run(
      ["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", folder.path], executable: "/bin/mount")
    try #require(mounted.status == 0, "mount: \(mounted.error)")
    defer { _ = try? Binary.run([folder.path], executable: "/bin/umount") }
    try body(folder)
  }

  /// A store with an account in `folder`, closed again (no `-wal` or `-shm` beside it).
  private func makeStore(in folder: URL) throws -> (store: URL, script: URL) {
    let store = folder.appendingPathComponent("store")
    let script = folder.appendingPathComponent("s.pdscript")
    try "screen\n".write(to: script, atomically: true, encoding: .utf8)
    let made = try Binary.run(["script", script.path, "--data", store.path])
    try #require(made.status == 0, "\(made.error)")
    #expect(!manager.fileExists(atPath: store.appendingPathComponent("proxydash.sqlite-shm").path))
    return (store, script)
  }

  @Test func R31_aReadOnlyMountIsReportedAsReadOnlyNotDamaged() throws {
    try withTmpfs(size: "4m") { mount in
      let (store, script) = try makeStore(in: mount)
      let database = store.appendingPathComponent("proxydash.sqlite")
      let before = try Data(contentsOf: database)
      let remounted = try Binary.run(["-o", "remount,ro", mount.path], executable: "/bin/mount")
      try #require(remounted.status == 0, "\(remounted.error)")

      let run = try Binary.run(["script", script.path, "--data", store.path])
      #expect(run.status == 1)
      #expect(run.error.contains("read-only"), "\(run.error)")
      #expect(!run.error.contains("damaged"), "\(run.error)")
      #expect(try Data(contentsOf: database) == before)

      // A new store there is refused for the same reason, before anything is made.
      let fresh = mount.appendingPathComponent("fresh")
      let create = try Binary.run(["script", script.path, "--data", fresh.path])
      #expect(create.status == 1)
      #expect(create.error.contains("read-only"), "\(create.error)")
      #expect(!manager.fileExists(atPath: fresh.path))
    }
  }

  @Test func R31_aFullDiskIsReportedAsFullNotDamaged() throws {
    try withTmpfs(size: "2m") { mount in
      let (store, script) = try makeStore(in: mount)
      // Fill every block that is left.
      let filled = try Binary.run(
        ["-c", "cat /dev/zero > \"$0\" 2>/dev/null; exit 0", mount.appendingPathComponent("filler").path],
        executable: "/bin/sh")
      try #require(filled.status == 0)

      let run = try Binary.run(["script", script.path, "--data", store.path])
      #expect(run.status == 1)
      #expect(run.error.contains("disk is full"), "\(run.error)")
      #expect(!run.error.contains("damaged"), "\(run.error)")

      let fresh = mount.appendingPathComponent("fresh")
      let create = try Binary.run(["script", script.path, "--data", fresh.path])
      #expect(create.status == 1)
      #expect(create.error.contains("disk is full"), "\(create.error)")
      #expect(!manager.fileExists(atPath: fresh.path))
    }
  }
}
