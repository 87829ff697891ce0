// Given-name equivalence groups: English nicknames (William ~ Bill) and spellings of one name across
// languages and romanisations (Oleksandr ~ Aleksandr ~ Alexander, Mykola ~ Nikolai, Muhammad ~
// Mohammed). A name may sit in several groups (alex: Alexander, Alexandra, Alexis). Names are
// stored folded (normalize.ts foldText) and looked up by folded value and by skeleton.
import { nameSkeleton } from './normalize.ts';

const GROUPS = `
alexander alexandr aleksandr aleksander oleksandr oleksander olexandr alex alec alek aleks olek oles sasha sascha sashko sanya shura sandy xander lex lexi alessandro alejandro iskander sikandar
alexandra aleksandra oleksandra alex sasha sandra sandy lexi alexa
alexis alex lexi
william bill billy will willy willie liam wil wilhelm guillaume guillermo vilhelm
robert bob bobby rob robbie bert roberto rupert
arthur art artie arty
albert al albie bert bertie
alfred alf alfie fred freddie
harold hal harry
walter walt wally
francis frank frankie fran
frances fran fanny frankie
hugh hughie hugo
herbert herb herbie bert
ernest ernie
philip phillip phil pip
ralph rafe
raymond ray
ronald ron ronnie
theodore theo ted teddy
vincent vince vinnie
eleanor elinor ellie nell nellie nora
florence flo florrie flossie
jane jenny janey
sarah sara sally sadie
richard rick ricky dick rich richie ricardo
edward ed eddie eddy ted teddy ned edwardo eduard
elizabeth liz lizzie beth betty bess bessie eliza elisabeth lisa libby elise yelyzaveta yelizaveta elizaveta lizaveta liza
margaret maggie meg peggy marge margie greta margarita marharyta rita daisy
katherine catherine kathryn kathleen kate katie kathy cathy kat kay caitlin kateryna ekaterina yekaterina katya katia katerina
james jim jimmy jamie jem diego
john jack johnny jon johann jonathan ivan ioann iwan juan giovanni sean shaun hans
jonathan jon jonny nathan
joseph joe joey jo josef iosif yosyp osip giuseppe jose yusuf yousuf yousaf
michael mike mikey mick mickey mikhail mykhailo mykhaylo misha michal mihail miguel michel
nicholas nick nicky nico nikolai nikolay mykola nicolas nikola kolya mykolai niklaus klaus
thomas tom tommy thom tomas foma
charles charlie chuck chas carl karl carlos
christopher chris kit topher kristopher
christine chris christina kristina tina khrystyna kristine
anthony tony antony anton antonio antin
andrew andy drew andrii andriy andrey andrei andrzej andreas andre
daniel dan danny danylo danil daniil
david dave davy davyd davud dawood daud
stephen steven steve stevie stepan stefan esteban
peter pete petro pyotr petr pierre pedro
paul pavlo pavel pablo paolo
george georgiy heorhii yuriy yurii yuri jurij jorge georg
gregory greg hryhorii grigoriy grigory grigori
benjamin ben benny benji
samuel sam sammy
matthew matt matvii matvey matvei mateo matteo mathew
patrick pat paddy
timothy tim timmy tymofii timofey
frederick fred freddy fritz
henry harry hank heinrich enrique
lawrence larry laurence lorenzo
gerald gerry jerry
jennifer jen jenny jenna
susan sue susie suzanne susanna
deborah debbie deb debra
patricia pat patty trish tricia
rebecca becky becca
victoria vicky tori viktoria
jessica jess jessie
barbara barb babs
dorothy dot dottie
helen helena olena elena alena lena yelena ellen nell
olga olha
natalia natalya nataliya natasha nata
tatiana tatyana tetiana tetyana tanya
irina iryna ira
maria mariya mariia mary marie masha mariam maryam miriam molly polly
anna anne ann hanna hannah ganna anya annie nancy
sofia sophia sofiya sofiia sophie
yulia yuliya yuliia julia julie
eugene yevhen yevgeny evgeny evgenii gene zhenya
vladimir volodymyr volodya vova
dmitry dmitri dmytro dima
sergei sergey serhii serhiy sergiy
oleg oleh
igor ihor
vitaly vitalii vitaliy
vasily vasyl vasiliy basil
taras
bohdan bogdan
yaroslav jaroslav
muhammad mohammed mohammad mohamed muhammed mohamad mohd muhamad mohamud mehmet
ahmed ahmad ahmet
ali aly
hussain husain hussein husayn
hassan hasan
abdullah abdallah abdulla
omar umar omer
usman osman uthman othman
fatima fatimah fathima
aisha ayesha aysha aishah
zainab zaynab zeinab
khadija khadijah khadeeja
yusuf yousuf yousef joseph
ibrahim ebrahim abraham
ismail ismael ishmael
imran imraan
bilal belal
faisal faysal
rizwan rizvan
shahid shaheed
iqbal ikbal
zubair zubayr
murugan murukan
karthik karthick kartik karthikeyan
senthil sentil
subramanian subramaniam subbu mani
lakshmi laxmi lakshmy
priya priyaa
ramesh rames
suresh sures
venkatesh venkat
krishnan krishna kitta
sundaram sundar
selvam selva
arjun arjuna
deepa dipa
alexei alexey aleksei aleksey oleksii oleksiy olexiy alexis lyosha lesha alyosha
yuri yurii yuriy yura jurij
peter petro petya
paul pavlo pavel pasha
victor viktor vitya
vasily vasyl vasiliy vasya
gregory hryhorii grigory grisha
maxim maksym maks max
artem artyom artiom
ivan vanya vania
olga olha olya olia
galina halyna halya galya
ludmila lyudmila liudmyla luda lyuda mila
anastasia anastasiia anastasiya nastya nastia
svetlana svitlana sveta
victoria viktoriia viktoriya vika
sofia sofiia sonya sonia
oksana oxana ksenia ksyusha
yevhen zhenya
abdulrahman abdurrahman abdulrehman abdurrehman abdurahman rahman rehman
rahman rehman
balasubramanian balasubramaniam bala
srinivasan sreenivasan shrinivasan srini seenu cheenu
chandrasekaran chandrasekharan chandrasegaran chandru chandra
vijayalakshmi viji vijaya
padmavathi padmavathy padma
muthukumar muthu
sivakumar shivakumar siva shiva
gopalakrishnan gopal gopi
`;

const groupsByName = new Map<string, number[]>();
const groupsBySkeleton = new Map<string, number[]>();
GROUPS.trim().split('\n').forEach((line, group) => {
  for (const name of line.trim().split(/\s+/)) {
    for (const [map, key] of [[groupsByName, name], [groupsBySkeleton, nameSkeleton(name)]] as const) {
      const list = map.get(key);
      if (!list) map.set(key, [group]);
      else if (!list.includes(group)) list.push(group);
    }
  }
});

/** Group ids of a folded given name (by exact folded value, else by skeleton); empty when unknown. */
export function nameGroups(folded: string): readonly number[] {
  return groupsByName.get(folded) ?? groupsBySkeleton.get(nameSkeleton(folded)) ?? [];
}

/** nameGroups() with the name's skeleton already at hand (no second skeleton worked out). */
export function nameGroupsOf(folded: string, skeleton: string): readonly number[] {
  return groupsByName.get(folded) ?? groupsBySkeleton.get(skeleton) ?? [];
}

/** True when two folded given names share a nickname or variant group. */
export function sameNameGroup(a: readonly number[], b: readonly number[]): boolean {
  for (const g of a) if (b.includes(g)) return true;
  return false;
}

/** The smallest group id (a stable canonical key for blocking), or -1 for unknown names. */
export function canonicalGroup(folded: string): number {
  const groups = nameGroups(folded);
  return groups.length === 0 ? -1 : Math.min(...groups);
}
