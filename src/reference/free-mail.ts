// Mail providers anyone can sign up to: an address there says nothing about the person's
// employer, so no company is suggested from it. Lower-case domains.
const domains = `
gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr yahoo.de yahoo.es yahoo.it yahoo.co.in yahoo.com.br yahoo.com.mx ymail.com
rocketmail.com hotmail.com hotmail.co.uk hotmail.fr hotmail.de hotmail.es hotmail.it outlook.com outlook.fr outlook.de live.com
live.co.uk live.fr live.de msn.com windowslive.com aol.com aim.com icloud.com me.com mac.com protonmail.com proton.me pm.me
tutanota.com tuta.io gmx.de gmx.net gmx.com gmx.at gmx.ch web.de t-online.de freenet.de posteo.de mailbox.org yandex.ru yandex.com
ya.ru mail.ru bk.ru inbox.ru list.ru rambler.ru ukr.net i.ua meta.ua orange.fr wanadoo.fr free.fr laposte.net sfr.fr neuf.fr
libero.it virgilio.it tiscali.it alice.it tin.it seznam.cz wp.pl o2.pl interia.pl onet.pl btinternet.com sky.com virginmedia.com
talktalk.net ntlworld.com bigpond.com optusnet.com.au telstra.com rediffmail.com zoho.com zohomail.com qq.com 163.com 126.com
sina.com naver.com daum.net hanmail.net bol.com.br uol.com.br terra.com.br ig.com.br prodigy.net.mx comcast.net verizon.net
att.net sbcglobal.net bellsouth.net cox.net charter.net earthlink.net juno.com shaw.ca rogers.com sympatico.ca telus.net
hey.com fastmail.com fastmail.fm hushmail.com mail.com email.com usa.com lycos.com excite.com inbox.com
`.trim().split(/\s+/);

export const freeMailDomains: ReadonlySet<string> = new Set(domains);

export const isFreeMail = (domain: string): boolean => freeMailDomains.has(domain.toLowerCase());
