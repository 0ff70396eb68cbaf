import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// R26a's export, under R31's rules: private files in `exports/`, never through a link,
/// never over a file that is there already.
@Suite struct InvoiceExportTests {
  static func boughtWorld() throws -> (TestWorld, Account, InvoiceNumber) {
    let world = try TestWorld()
    try world.service.importCatalog(CatalogFiles(seller: InvoiceTests.seller))
    let ava = try world.signUp("ava@example.com")
    try world.buy("res-starter", for: ava)
    let number = try #require(try world.service.invoices(accountID: ava.id).first?.number)
    return (world, ava, number)
  }

  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int) ?? -1
  }

  @Test func R26a_exportWritesPrivateTextAndHTMLFiles() throws {
    let (world, ava, number) = try Self.boughtWorld()
    let previous = umask(0o022)
    defer { umask(previous) }
    let export = try world.service.exportInvoice(accountID: ava.id, number: number)
    let exports = world.directory.appendingPathComponent("exports")
    #expect(export.textPath == exports.appendingPathComponent("PD-2026-000001.txt").path)
    #expect(export.htmlPath == exports.appendingPathComponent("PD-2026-000001.html").path)
    #expect(try Self.mode(export.textPath) == 0o600)
    #expect(try Self.mode(export.htmlPath) == 0o600)
    let text = try String(contentsOfFile: export.textPath, encoding: .utf8)
    for label in [
      "Invoice PD-2026-000001", "Seller:", "Paddle.com", "Buyer:", "ava@example.com", "Total:", "$100.00",
    ] {
      #expect(text.contains(label), "\(label)")
    }
    let html = try String(contentsOfFile: export.htmlPath, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<title>Invoice PD-2026-000001</title>"))
    #expect(!html.contains("<script"))
    // Nothing half-written is left beside them.
    let names = try FileManager.default.contentsOfDirectory(atPath: exports.path).sorted()
    #expect(names == ["PD-2026-000001.html", "PD-2026-000001.txt"])
  }

  @Test func R26a_exportingAgainReusesItsOwnIdenticalFiles() throws {
    let (world, ava, number) = try Self.boughtWorld()
    let first = try world.service.exportInvoice(accountID: ava.id, number: number)
    let second = try world.service.exportInvoice(accountID: ava.id, number: number)
    #expect(first == second)
  }

  @Test func R31_anInvoiceExportNeverOverwritesAFileItDidNotCreate() throws {
    let (world, ava, number) = try Self.boughtWorld()
    let exports = world.directory.appendingPathComponent("exports")
    try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
    let mine = exports.appendingPathComponent("PD-2026-000001.txt")
    try Data("my own notes".utf8).write(to: mine)
    let export = try world.service.exportInvoice(accountID: ava.id, number: number)
    #expect(try String(contentsOf: mine, encoding: .utf8) == "my own notes")
    #expect(export.textPath == exports.appendingPathComponent("PD-2026-000001-2.txt").path)
    #expect(export.htmlPath == exports.appendingPathComponent("PD-2026-000001.html").path)
  }

  @Test func R31_aLinkAtTheInvoiceNameIsNeitherFollowedNorReplaced() throws {
    let (world, ava, number) = try Self.boughtWorld()
    let exports = world.directory.appendingPathComponent("exports")
    try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-outside-\(UUID().uuidString)")
    try Data("outside".utf8).write(to: outside)
    defer { try? FileManager.default.removeItem(at: outside) }
    let link = exports.appendingPathComponent("PD-2026-000001.txt")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
    let export = try world.service.exportInvoice(accountID: ava.id, number: number)
    #expect(try String(contentsOf: outside, encoding: .utf8) == "outside")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == outside.path)
    #expect(export.textPath.hasSuffix("PD-2026-000001-2.txt"))
  }

  @Test func R31_anExportsFolderThatIsALinkIsRefused() throws {
    let (world, ava, number) = try Self.boughtWorld()
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-outside-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: outside) }
    let exports = world.directory.appendingPathComponent("exports")
    try? FileManager.default.removeItem(at: exports)
    try FileManager.default.createSymbolicLink(at: exports, withDestinationURL: outside)
    let error = thrownError { () throws(ServiceError) -> InvoiceExport in
      try world.service.exportInvoice(accountID: ava.id, number: number)
    }
    #expect(error != nil)
    #expect(error?.description.contains("symbolic link") == true)
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
  }

  @Test func R26a_anotherCustomersInvoiceIsNotExported() throws {
    let (world, _, number) = try Self.boughtWorld()
    let ben = try world.signUp("ben@example.com")
    expectError(.invalidInput("There is no invoice PD-2026-000001 on this account.")) {
      () throws(ServiceError) -> InvoiceExport in
      try world.service.exportInvoice(accountID: ben.id, number: number)
    }
    #expect(
      !FileManager.default.fileExists(
        atPath: world.directory.appendingPathComponent("exports/PD-2026-000001.txt").path))
  }
}
