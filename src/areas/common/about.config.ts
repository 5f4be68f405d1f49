// What the about (09 §3) and license (09 §4) calls read from the configuration. The app passes its Config, which
// holds these fields under the same names (src/config/config.ts parses them from the environment); tests pass
// their own object.

/** The license products of 09 §4, in the order every answer lists them, with their policy. */
export const licenseProducts = [
  { product: 'ECE Agent', policy: 'concurrent' },
  { product: 'ECE Chat', policy: 'concurrent' },
  { product: 'ECE Mail', policy: 'concurrent' },
  { product: 'ECE Named User', policy: 'named' },
  { product: 'ECE API Client Application', policy: 'named' },
] as const;

export type LicenseProduct = (typeof licenseProducts)[number]['product'];

/** `unitsInstalled` of a product that ECE_LICENSE_UNITS does not name (09 §4). */
export const DEFAULT_LICENSE_UNITS = 1000;

export type AboutConfig = {
  /** ECE_PRODUCT_VERSION (09 §3 `productVersion`); default 12.6.1. */
  readonly productVersion: string;
  /** ECE_BUILD_SHA: the git commit this server was built from; `build` is `<package version>+<sha>` when set. */
  readonly buildSha?: string | undefined;
  /** ECE_ABOUT_CONTACT_NAME, ECE_ABOUT_CONTACT_EMAIL, ECE_ABOUT_CONTACT_URL; '' when unset. */
  readonly aboutContactName: string;
  readonly aboutContactEmail: string;
  readonly aboutContactUrl: string;
  /** ECE_ABOUT_COPYRIGHT; unset: `Copyright (c) <current year>`, the year taken when the call is answered. */
  readonly aboutCopyright?: string | undefined;
  /** ECE_ABOUT_TRADEMARKS; '' when unset. */
  readonly aboutTrademarks: string;
  /** ECE_LICENSE_UNITS: product → units installed; products not named get DEFAULT_LICENSE_UNITS. */
  readonly licenseUnits: Readonly<Record<string, number>>;
};

/** The configuration with no variable set. */
export const defaultAboutConfig: AboutConfig = Object.freeze({
  productVersion: '12.6.1',
  buildSha: undefined,
  aboutContactName: '',
  aboutContactEmail: '',
  aboutContactUrl: '',
  aboutCopyright: undefined,
  aboutTrademarks: '',
  licenseUnits: Object.freeze({}),
});
