/**
 * Lookalike characters folded to the ASCII they imitate, applied after NFKC
 * (which already handles fullwidth forms, mathematical alphanumerics,
 * circled letters, superscripts, ligatures). Written for this project from
 * the glyph shapes; it is deliberately limited to letters and punctuation an
 * attacker would use to spell an English keyword or a credential prefix
 * ("sk-", "AKIA", "ignore") with other scripts (product spec §4).
 *
 * Each entry: a string of lookalikes, and the ASCII each one stands for
 * (same length, position by position) — easy to diff and to count.
 */
export const CONFUSABLE_ROWS: ReadonlyArray<readonly [script: string, from: string, to: string]> = [
  // Cyrillic capitals that are Latin capitals in every common font.
  ['cyrillic-upper', 'АВСЕНІЈКМОРЅТХУҮӀԚԜѴЬ', 'ABCEHIJKMOPSTXYYIQWVb'],
  // Cyrillic small letters; к м н т п г look like Latin small capitals.
  ['cyrillic-lower', 'асеһіјӏорԛѕхуԝԁүҽѵкмнтпгь', 'acehijlopqsxywdyevkmhtnrb'],
  ['greek-upper', 'ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹͿ', 'ABEZHIKMNOPTYXCJ'],
  ['greek-lower', 'αγεικνορτυχωϲϳη', 'ayeikvoptuxwcjn'],
  ['armenian', 'ացհոսօքզՍՕԼՏ', 'wghnuopqUOLS'],
  // Cherokee capitals: GO GU GV A E I V LA LU MI NAH NO SI DU TLE TLI TLV TSO YV
  ['cherokee', 'ᎪᎫᎬᎠᎡᎢᎥᎳᎷᎻᏀᏃᏏᏚᏞᏟᏢᏦᏴ', 'AJEDRTiWMHGZbSLCPKB'],
  // Latin small capitals and IPA letters.
  ['latin-small-capitals', 'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ', 'abcdefghijklmnopqrstuvwyz'],
  ['latin-other', 'ıȷɑɡɩɨʉøØđĐħĦłŁŧŦƀðÐĸŋƒɛǀǃ', 'ijagiiuoOdDhHlLtTbdDknfel!'],
  ['punctuation', '‘’‚‛′“”„‟″‐‑‒–—―−⁄∕∖‹›˂˃։ː∶꞉', "'''''" + '"""""' + '-------' + '//\\' + '<><>' + '::::'],
];

/** Multi-letter folds (ligature-like letters NFKC leaves alone). */
export const CONFUSABLE_MULTI: ReadonlyArray<readonly [string, string]> = [
  ['ß', 'ss'],
  ['ẞ', 'SS'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
  ['œ', 'oe'],
  ['Œ', 'OE'],
];
