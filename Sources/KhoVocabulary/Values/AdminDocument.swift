/// The fields of a Vietnamese administrative document (layout of Decree 30/2020/NĐ-CP, Party
/// documents per Guide 36-HD/VPTW), read from its text: number and symbol, type, issuing body,
/// place and date, title, signer and capacity, recipients, and the documents it cites.
/// Values are kept as printed (a draft's blank number `/KH-BQL`, a partial date).
public struct AdminDocument: Sendable, Equatable, Codable {
    /// The type code (KH, QĐ, NQ …), or for derived material "Tin bài", "Trình chiếu", "Phụ lục".
    public var docType: String?
    public var docTypeName: String?
    /// Số/ký hiệu as printed: "68-KH/ĐU", "/KH-BQL".
    public var number: String?
    public var issuer: String?
    public var place: String?
    /// As printed: "ngày 02 tháng 01 năm 2026", "ngày tháng 3 năm 2026", "16/03/2026".
    public var date: String?
    /// What of the date is known, ISO style: "2026-01-02", "2026-03", "2026".
    public var isoDate: String?
    public var title: String?
    public var signer: String?
    /// Capacity and position lines joined by " / ": "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN".
    public var signerTitle: String?
    public var recipients: [String] = []
    /// Documents cited, normalised: "57-NQ/TW", "1169/QĐ-TTg", "193/2025/QH15".
    public var citations: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case docType = "doc_type", docTypeName = "doc_type_name", number, issuer, place, date, isoDate = "iso_date", title
        case signer, signerTitle = "signer_title", recipients, citations
    }

    /// Decree 30's Appendix III, and the Party's own codes.
    public static let typeCodes: [String: String] = [
        "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định", "TC": "Thông cáo",
        "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án",
        "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện",
        "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
        "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo", "SY": "Bản sao y",
        "TrS": "Bản trích sao", "SL": "Bản sao lục", "KL": "Kết luận", "TT": "Thông tri", "CV": "Công văn", "QĐi": "Quy định",
    ]
}
