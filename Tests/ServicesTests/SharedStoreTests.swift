import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// R30: every session is its own process on one store.
@Suite struct SharedStoreTests {
  /// A session opening the store must not take another session's email, written in a
  /// transaction that has not committed yet, for a file a killed process left.
  @Test func R30_openingTheStoreKeepsAnotherSessionsUncommittedEmail() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let notice = Notice(kind: .welcome, date: TestWorld.start, subject: "Hello", body: "Body")
    try world.service.store.write { session in
      let written = try session.queueNotices([notice], accountID: ava.id, email: ava.email)
      let file = world.directory.appendingPathComponent(try #require(written.first).file)
      #expect(FileManager.default.fileExists(atPath: file.path))
      // Another session (its own connection) opens the store meanwhile.
      let other = try Store.open(at: world.directory)
      other.close()
      #expect(FileManager.default.fileExists(atPath: file.path), "another open deleted the uncommitted email")
    }
    #expect(try world.service.outbox(accountID: ava.id).count == 2)
  }
}
