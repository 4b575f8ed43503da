/**
 * What each cited provision is about, in a few words, so reports and docs can show auditors more
 * than a number. Only provisions the catalogue cites are listed; a test keeps the two in step.
 */
export const FRAMEWORK_NAMES = {
    gdpr: "GDPR (Regulation (EU) 2016/679)",
    pciDss: "PCI DSS v4.0.1",
    iso27001: "ISO/IEC 27001:2022 Annex A",
} as const;

export type Framework = keyof typeof FRAMEWORK_NAMES;

export const PROVISIONS: Record<Framework, Record<string, string>> = {
    gdpr: {
        "Art. 5(1)(c)": "Data minimisation",
        "Art. 5(1)(e)": "Storage limitation",
        "Art. 5(1)(f)": "Integrity and confidentiality",
        "Art. 5(2)": "Accountability",
        "Art. 17": "Right to erasure",
        "Art. 25(1)": "Data protection by design",
        "Art. 25(2)": "Data protection by default",
        "Art. 30(1)(f)": "Records of processing: erasure time limits",
        "Art. 32(1)(a)": "Security of processing: encryption",
        "Art. 32(1)(b)": "Security of processing: confidentiality and resilience",
        "Art. 33": "Notification of a personal data breach",
        "Art. 35": "Data protection impact assessment",
        "Art. 44": "Transfers: general principle",
        "Art. 45": "Transfers on the basis of an adequacy decision",
        "Art. 46": "Transfers subject to appropriate safeguards",
    },
    pciDss: {
        "3.2.1": "Account data storage kept to a minimum; retention and disposal",
        "3.3.1": "Sensitive authentication data not retained after authorization",
        "3.5.1": "PAN rendered unreadable wherever stored",
        "3.6.1": "Procedures protect cryptographic keys",
        "3.7.4": "Cryptographic key changes at the end of the cryptoperiod",
        "4.2.1": "Strong cryptography protects PAN during transmission over open, public networks",
        "7.2.1": "Access control model defined",
        "7.2.2": "Access assigned by job classification and function, with least privilege",
        "7.2.5": "System and application accounts assigned least privilege",
        "7.2.6": "User access to query repositories of stored cardholder data restricted",
        "10.2.1": "Audit logs enabled and active",
        "10.2.1.1": "Audit logs capture all individual user access to cardholder data",
        "10.3.2": "Audit log files protected from modification",
        "10.5.1": "Audit log history retained for at least 12 months",
    },
    iso27001: {
        "A.5.15": "Access control",
        "A.5.16": "Identity management",
        "A.5.18": "Access rights",
        "A.5.23": "Information security for use of cloud services",
        "A.5.33": "Protection of records",
        "A.5.34": "Privacy and protection of PII",
        "A.8.2": "Privileged access rights",
        "A.8.3": "Information access restriction",
        "A.8.9": "Configuration management",
        "A.8.10": "Information deletion",
        "A.8.11": "Data masking",
        "A.8.12": "Data leakage prevention",
        "A.8.15": "Logging",
        "A.8.24": "Use of cryptography",
    },
};

export function provisionTitle(framework: Framework, reference: string): string | undefined {
    return PROVISIONS[framework][reference];
}
