import Foundation
import KhoKit
import MultipartKit
import NIOCore

/// Reads a multipart/form-data upload as it streams in: small fields kept in memory, each file
/// written to a scratch file of the library's as it arrives (a video never sits in memory). The
/// form's CSRF token must come before any file (the page puts it first), so a forged form writes
/// nothing.
final class UploadReceiver {
    static let maxFiles = 500
    static let maxBytes: Int64 = 8 << 30

    enum Failure: Error { case badForm, tooLarge, malformed }

    private let parser: MultipartParser
    private let expectedCSRF: String
    private let newScratch: () throws -> String
    private(set) var fields: [String: String] = [:]
    private(set) var uploads: [Upload] = []
    private var failure: Failure?
    private var csrfChecked = false
    private var bytes: Int64 = 0

    // The part being read.
    private var fieldName: String?
    private var fileName: String?
    private var text: [UInt8] = []
    private var file: FileHandle?
    private var filePath: String?

    /// `contentType`: the request's Content-Type (its boundary); nil when it is not a multipart form.
    init?(contentType: String, expectedCSRF: String, newScratch: @escaping () throws -> String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.parameter("boundary", in: contentType), (1...70).contains(boundary.count) else { return nil }
        parser = MultipartParser(boundary: boundary)
        self.expectedCSRF = expectedCSRF
        self.newScratch = newScratch
        parser.onHeader = { [unowned self] name, value in header(name, value) }
        parser.onBody = { [unowned self] chunk in body(&chunk) }
        parser.onPartComplete = { [unowned self] in partComplete() }
    }

    func feed(_ buffer: ByteBuffer) throws {
        do { try parser.execute(buffer) } catch { failure = failure ?? .malformed }
        if let failure { discardFiles(); throw failure }
    }

    /// Called when the body has ended: the form must have carried its token.
    func finish() throws {
        if !csrfChecked { failure = failure ?? .badForm }
        if let failure { discardFiles(); throw failure }
    }

    private func header(_ name: String, _ value: String) {
        guard name.lowercased() == "content-disposition" else { return }
        fieldName = Self.parameter("name", in: value)
        fileName = Self.parameter("filename", in: value)
        guard fileName != nil, failure == nil else { return }
        guard csrfChecked else { failure = .badForm; return }
        guard uploads.count < Self.maxFiles else { failure = .tooLarge; return }
        do {
            let path = try newScratch()
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: path) else { failure = .malformed; return }
            filePath = path
            file = handle
        } catch {
            failure = .malformed
        }
    }

    private func body(_ chunk: inout ByteBuffer) {
        guard failure == nil else { return }
        if let file {
            bytes += Int64(chunk.readableBytes)
            if bytes > Self.maxBytes { failure = .tooLarge; return }
            file.write(Data(chunk.readableBytesView))
        } else if text.count + chunk.readableBytes <= 4096 {
            text += chunk.readableBytesView
        }
    }

    private func partComplete() {
        if let file, let filePath {
            try? file.close()
            // A file input left empty still sends a part, with no name and no bytes.
            if let name = fileName, !name.isEmpty { uploads.append(Upload(scratchPath: filePath, fileName: name)) } else { unlink(filePath) }
        } else if let name = fieldName {
            // A form of ours has a handful of fields; thousands are not a form.
            guard fields.count < 100 else { failure = .malformed; return }
            let value = String(decoding: text, as: UTF8.self)
            fields[name] = value
            if name == "csrf" { csrfChecked = Form.constantTimeEqual(value, expectedCSRF) && !expectedCSRF.isEmpty }
            if name == "csrf" && !csrfChecked { failure = .badForm }
        }
        file = nil; filePath = nil; fieldName = nil; fileName = nil; text = []
    }

    private func discardFiles() {
        try? file?.close()
        if let filePath { unlink(filePath) }
        for upload in uploads { unlink(upload.scratchPath) }
        uploads = []
    }

    /// A parameter of a header value: `name="x"` (quoted, as browsers send file names, raw UTF-8
    /// inside) or `name=x`.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return value
        }
        return nil
    }
}
