/**
 * Mailbox providers whose domain says nothing about the employer: a shared domain here is never a match, not even
 * a suggestion. Data, not logic: extend the list, not the code.
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
  'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'zoho.com',
  'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', '126.com', 'fastmail.com', 'hey.com',
  'tutanota.com', 'orange.fr', 'free.fr', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net',
  'bigpond.com', 'optusnet.com.au', 't-online.de', 'libero.it',
];
